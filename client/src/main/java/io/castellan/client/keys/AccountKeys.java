package io.castellan.client.keys;

import io.castellan.crypto.Hkdf;
import io.castellan.crypto.Pbkdf2;
import io.castellan.crypto.Wipe;
import java.nio.charset.StandardCharsets;

/**
 * Derives the account keys from the master password exactly as {@code docs/api.md} "Keys" specifies:
 * <pre>
 * masterKey = PBKDF2-HMAC-SHA256(password UTF-8, salt(16), iterations, 32)
 * authHash  = HKDF-SHA256(masterKey, salt = empty, info = "castellan/auth", 32)
 * wrapKey   = HKDF-SHA256(masterKey, salt = empty, info = "castellan/data-key", 32)
 * </pre>
 * Two HKDF outputs with different {@code info} are independent: the server learns {@code authHash} at every login
 * but cannot get from it to {@code wrapKey}, which opens the data key.
 */
public final class AccountKeys {

    /** Length of the per-user PBKDF2 salt. */
    public static final int SALT_LENGTH = 16;
    /** Production work factor for new accounts. */
    public static final int DEFAULT_ITERATIONS = Pbkdf2.DEFAULT_ITERATIONS;
    /** Length of every derived key. */
    public static final int KEY_LENGTH = 32;

    static final byte[] AUTH_INFO = "castellan/auth".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DATA_KEY_INFO = "castellan/data-key".getBytes(StandardCharsets.US_ASCII);

    private AccountKeys() {
    }

    /**
     * Stretches the password and derives both sub-keys; the password array and the master key are wiped.
     *
     * @param password the master password (wiped before this method returns, also on failure)
     * @param salt the user's 16-byte salt
     * @param iterations the user's PBKDF2 iteration count
     * @return the authentication hash and the wrap key; close it to wipe them
     */
    public static DerivedKeys derive(char[] password, byte[] salt, int iterations) {
        byte[] masterKey = null;
        try {
            masterKey = masterKey(password, salt, iterations);
            return new DerivedKeys(authHash(masterKey), wrapKey(masterKey));
        } finally {
            Wipe.wipe(password);
            Wipe.wipe(masterKey);
        }
    }

    /**
     * @param password the master password (not wiped here; {@link #derive} does)
     * @param salt the 16-byte salt
     * @param iterations PBKDF2 iterations
     * @return the 32-byte master key; the caller wipes it
     */
    public static byte[] masterKey(char[] password, byte[] salt, int iterations) {
        if (salt == null || salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("the salt must be " + SALT_LENGTH + " bytes");
        }
        return Pbkdf2.deriveKey(password, salt, iterations, KEY_LENGTH);
    }

    /** @return {@code HKDF-SHA256(masterKey, "", "castellan/auth", 32)} */
    public static byte[] authHash(byte[] masterKey) {
        return Hkdf.derive(null, masterKey, AUTH_INFO, KEY_LENGTH);
    }

    /** @return {@code HKDF-SHA256(masterKey, "", "castellan/data-key", 32)} */
    public static byte[] wrapKey(byte[] masterKey) {
        return Hkdf.derive(null, masterKey, DATA_KEY_INFO, KEY_LENGTH);
    }
}
