package io.castellan.crypto;

import java.security.SecureRandom;

/**
 * The single source of randomness for Castellan: one shared {@code new SecureRandom()}.
 *
 * <p>Why not {@code SecureRandom.getInstanceStrong()} (what the KSM SDK uses)? On Linux it reads
 * {@code /dev/random} and can block a server thread for a long time; the default instance is seeded
 * from the OS and is the right choice for keys, nonces and tokens. {@link SecureRandom} is
 * thread-safe, so sharing one instance is fine.
 */
public final class CastellanRandom {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CastellanRandom() {
    }

    /** Returns {@code length} fresh random bytes. */
    public static byte[] bytes(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative");
        }
        byte[] out = new byte[length];
        RANDOM.nextBytes(out);
        return out;
    }

    /** Fills {@code target} with fresh random bytes. */
    public static void fill(byte[] target) {
        RANDOM.nextBytes(target);
    }

    /** The shared instance, for JCA APIs that take a {@link SecureRandom} (key generation, signing). */
    public static SecureRandom secureRandom() {
        return RANDOM;
    }
}
