package io.castellan.server.account;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.Hkdf;
import io.castellan.crypto.Hmacs;
import io.castellan.store.SettingsRepository;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A random 32-byte secret of the installation, kept in {@code server_settings} (so every node of a PostgreSQL cluster
 * uses the same one; created once, by whichever node starts first). Two keys derive from it with HKDF:
 * <ul>
 *   <li>fake login salts: {@code login_start} for an unknown e-mail answers
 *       {@code HMAC-SHA256(saltKey, lower(email))} truncated to 16 bytes — stable, and shaped like a real salt;</li>
 *   <li>throttle subjects: failed-login counters are keyed by {@code HMAC-SHA256(throttleKey, subject)} in hex, so
 *       the table holds no e-mail or address.</li>
 * </ul>
 */
public final class ServerSecret {

    static final String SETTING = "auth.server_secret";
    private static final int LENGTH = 32;

    private final byte[] saltKey;
    private final byte[] throttleKey;

    private ServerSecret(byte[] secret) {
        this.saltKey = Hkdf.derive(null, secret, bytes("castellan/fake-login-salt"), 32);
        this.throttleKey = Hkdf.derive(null, secret, bytes("castellan/login-throttle"), 32);
    }

    /** Reads the installation's secret, creating it on first use. */
    public static ServerSecret loadOrCreate(SettingsRepository settings) {
        String stored = settings.putIfAbsent(SETTING, Base64s.encode(CastellanRandom.bytes(LENGTH)));
        byte[] secret = Base64s.decode(stored);
        if (secret.length != LENGTH) {
            throw new IllegalStateException("server setting " + SETTING + " is corrupt (wrong length)");
        }
        return new ServerSecret(secret);
    }

    /** The stable fake salt for an e-mail (already in lower case) that has no account. */
    public byte[] fakeSalt(String email) {
        return Arrays.copyOf(Hmacs.hmacSha256(saltKey, bytes(email)), Verifier.SALT_LENGTH);
    }

    /** The throttle key of a subject such as {@code account:alice@example.com} or {@code ip:192.0.2.7}. */
    public String subjectHash(String subject) {
        return HexFormat.of().formatHex(Hmacs.hmacSha256(throttleKey, bytes(subject)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ServerSecret[hidden]";
    }
}
