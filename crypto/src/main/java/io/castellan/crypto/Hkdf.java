package io.castellan.crypto;

import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * HKDF with HMAC-SHA256 (RFC 5869): derives independent sub-keys from one secret, each bound to a
 * context string ({@code info}).
 *
 * <p>Hand-written over {@link Mac} because {@code javax.crypto.KDF} only exists from JDK 24 and the
 * project targets Java 21. Tested against the RFC 5869 SHA-256 test cases.
 */
public final class Hkdf {

    /** Output size of SHA-256 in bytes. */
    public static final int HASH_LENGTH = 32;
    /** Largest output HKDF-SHA256 can produce: 255 blocks. */
    public static final int MAX_OUTPUT_LENGTH = 255 * HASH_LENGTH;

    private Hkdf() {
    }

    /** Extract + expand in one call. */
    public static byte[] derive(byte[] salt, byte[] inputKeyMaterial, byte[] info, int length) {
        byte[] prk = extract(salt, inputKeyMaterial);
        try {
            return expand(prk, info, length);
        } finally {
            Wipe.wipe(prk);
        }
    }

    /**
     * HKDF-Extract: PRK = HMAC-SHA256(salt, IKM). A {@code null} or empty salt means
     * {@value #HASH_LENGTH} zero bytes, as the RFC specifies.
     */
    public static byte[] extract(byte[] salt, byte[] inputKeyMaterial) {
        if (inputKeyMaterial == null) {
            throw new IllegalArgumentException("input key material must not be null");
        }
        byte[] effectiveSalt = (salt == null || salt.length == 0) ? new byte[HASH_LENGTH] : salt;
        return Hmacs.hmacSha256(effectiveSalt, inputKeyMaterial);
    }

    /** HKDF-Expand: {@code length} bytes (1 to {@value #MAX_OUTPUT_LENGTH}) from a pseudo-random key. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (prk == null || prk.length < HASH_LENGTH) {
            throw new IllegalArgumentException("PRK must be at least " + HASH_LENGTH + " bytes");
        }
        if (length < 1 || length > MAX_OUTPUT_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be 1.." + MAX_OUTPUT_LENGTH);
        }
        byte[] context = info == null ? new byte[0] : info;
        Mac mac = Hmacs.newMac(Hmacs.HMAC_SHA256, prk);
        byte[] block = new byte[HASH_LENGTH];
        byte[] okm = new byte[length];
        try {
            int written = 0;
            for (int counter = 1; written < length; counter++) {
                if (counter > 1) {
                    mac.update(block);
                }
                mac.update(context);
                mac.update((byte) counter);
                mac.doFinal(block, 0);
                int n = Math.min(HASH_LENGTH, length - written);
                System.arraycopy(block, 0, okm, written, n);
                written += n;
            }
            return okm;
        } catch (ShortBufferException e) {
            throw new CryptoException("HKDF internal error", e);
        } finally {
            Arrays.fill(block, (byte) 0);
        }
    }
}
