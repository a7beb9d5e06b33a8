package io.castellan.server.account;

import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.ConstantTime;
import io.castellan.crypto.Hmacs;
import io.castellan.crypto.Wipe;
import java.util.Arrays;

/**
 * The server's half of password authentication (docs/api.md "Keys"): the client proves {@code authHash}; the server
 * keeps only {@code verifier = HMAC-SHA256(key = serverSalt, authHash)} with a random 16-byte {@code serverSalt} per
 * user, stored together as {@code serverSalt ‖ verifier} (48 bytes) in {@code users.auth_verifier}. Comparison is
 * constant-time; {@link #burn} does the same work for an account that does not exist, so the timing does not tell.
 */
public final class Verifier {

    /** Length of the per-user server salt. */
    public static final int SALT_LENGTH = 16;
    /** Length of the client's authentication hash. */
    public static final int AUTH_HASH_LENGTH = 32;
    /** Length of the stored value: salt and MAC. */
    public static final int STORED_LENGTH = SALT_LENGTH + 32;

    private static final byte[] DUMMY = create(CastellanRandom.bytes(AUTH_HASH_LENGTH));

    private Verifier() {
    }

    /** A new stored verifier for {@code authHash} (fresh salt). */
    public static byte[] create(byte[] authHash) {
        byte[] salt = CastellanRandom.bytes(SALT_LENGTH);
        byte[] mac = Hmacs.hmacSha256(salt, authHash);
        byte[] stored = Arrays.copyOf(salt, STORED_LENGTH);
        System.arraycopy(mac, 0, stored, SALT_LENGTH, mac.length);
        Wipe.wipe(mac);
        return stored;
    }

    /** Whether {@code authHash} matches the stored verifier (constant time). */
    public static boolean matches(byte[] stored, byte[] authHash) {
        if (stored == null || stored.length != STORED_LENGTH) {
            burn(authHash);
            return false;
        }
        return compare(stored, authHash);
    }

    /** Spends the work of {@link #matches} against a dummy verifier (for an e-mail without an account). */
    public static void burn(byte[] authHash) {
        compare(DUMMY, authHash);
    }

    private static boolean compare(byte[] stored, byte[] authHash) {
        byte[] mac = Hmacs.hmacSha256(Arrays.copyOf(stored, SALT_LENGTH), authHash);
        byte[] expected = Arrays.copyOfRange(stored, SALT_LENGTH, STORED_LENGTH);
        try {
            return ConstantTime.equals(mac, expected);
        } finally {
            Wipe.wipeAll(mac, expected);
        }
    }
}
