package io.castellan.sdk.transport;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The server key a device currently seals to. It starts from the configuration ({@code serverPublicKey} and
 * {@code serverPublicKeyId}); when the configuration has none it reads the server's directory once and takes the
 * configured id if published, else the highest id (the server's current key). When the server answers
 * {@code {"error":"key","key_id":N}} the transport calls {@link #switchTo(int)}, which re-reads the directory.
 * Every change is reported to a listener so the configuration (and its storage) learns the new key. Thread-safe.
 */
public final class ServerKeyRing {

    private final ServerKeyDirectory directory;
    private final Integer preferredId;
    private final Consumer<ServerKey> onChange;
    private ServerKey current;

    /**
     * @param initial the configured key, or {@code null} to look it up
     * @param preferredId the configured key id when there is no configured key, or {@code null}
     * @param directory where to look keys up
     * @param onChange told about every key adopted from the directory
     */
    public ServerKeyRing(ServerKey initial, Integer preferredId, ServerKeyDirectory directory,
                         Consumer<ServerKey> onChange) {
        this.current = initial;
        this.preferredId = preferredId;
        this.directory = Objects.requireNonNull(directory, "directory");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
    }

    /** @return the key to seal to, looked up on first use when not configured */
    public synchronized ServerKey current() {
        if (current == null) {
            List<ServerKey> keys = directory.fetch();
            adopt(keys.stream().filter(k -> preferredId != null && k.keyId() == preferredId).findFirst()
                    .orElseGet(() -> keys.stream().max(Comparator.comparingInt(ServerKey::keyId)).orElseThrow()));
        }
        return current;
    }

    /**
     * @param keyId the id the server asked for
     * @return the key with that id, now current
     * @throws CastellanException {@link ErrorCode#TRANSMISSION_KEY_REJECTED} when the server does not publish it
     */
    public synchronized ServerKey switchTo(int keyId) {
        ServerKey key = directory.fetch().stream().filter(k -> k.keyId() == keyId).findFirst()
                .orElseThrow(() -> new CastellanException(ErrorCode.TRANSMISSION_KEY_REJECTED,
                        "the server asked for transmission key id " + keyId + ", which it does not publish"));
        adopt(key);
        return key;
    }

    private void adopt(ServerKey key) {
        current = key;
        onChange.accept(key);
    }
}
