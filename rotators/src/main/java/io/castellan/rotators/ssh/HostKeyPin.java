package io.castellan.rotators.ssh;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Optional;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * Trust on first use, then never again: with no pinned key any host key is accepted and remembered (the job stores
 * it in the record); with a pinned key only that exact key is accepted, and a change is refused before any
 * credential is sent.
 */
final class HostKeyPin implements ServerKeyVerifier {

    private final Optional<String> pinned;
    private volatile String observed;
    private volatile boolean mismatch;

    HostKeyPin(Optional<String> pinned) {
        this.pinned = pinned.map(HostKeyPin::normalise);
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey serverKey) {
        String seen = PublicKeyEntry.toString(serverKey);
        observed = seen;
        if (pinned.isEmpty()) {
            return true;
        }
        boolean same = MessageDigest.isEqual(pinned.get().getBytes(StandardCharsets.US_ASCII),
                normalise(seen).getBytes(StandardCharsets.US_ASCII));
        mismatch = !same;
        return same;
    }

    /** The host key the server presented ("type base64"), once the key exchange has run. */
    Optional<String> observed() {
        return Optional.ofNullable(observed).map(HostKeyPin::normalise);
    }

    boolean mismatch() {
        return mismatch;
    }

    /** "type base64 [comment]" → "type base64": comments do not identify a key. */
    static String normalise(String line) {
        String[] parts = line.trim().split("\\s+");
        return parts.length >= 2 ? parts[0] + " " + parts[1] : line.trim();
    }
}
