package io.castellan.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;

/**
 * HMAC-SHA256 and HMAC-SHA512 in one call. Used for the KSM client id (HMAC-SHA512), HKDF and
 * PBKDF2 (HMAC-SHA256), and available for request or token MACs. Compare MACs with
 * {@link ConstantTime#equals(byte[], byte[])}, never with {@code Arrays.equals}.
 */
public final class Hmacs {

    static final String HMAC_SHA256 = "HmacSHA256";
    static final String HMAC_SHA512 = "HmacSHA512";

    private Hmacs() {
    }

    /** HMAC-SHA256(key, data), 32 bytes. */
    public static byte[] hmacSha256(byte[] key, byte[] data) {
        return newMac(HMAC_SHA256, key).doFinal(data);
    }

    /** HMAC-SHA512(key, data), 64 bytes. */
    public static byte[] hmacSha512(byte[] key, byte[] data) {
        return newMac(HMAC_SHA512, key).doFinal(data);
    }

    /** A {@link Mac} initialised with {@code key}; our temporary key copy is wiped before returning. */
    static Mac newMac(String algorithm, byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException("HMAC key must not be null");
        }
        RawKey rawKey = new RawKey(key, algorithm);
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(rawKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new CryptoException(algorithm + " unavailable", e);
        } finally {
            rawKey.destroy();
        }
    }
}
