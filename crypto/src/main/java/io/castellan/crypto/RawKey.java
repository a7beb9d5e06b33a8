package io.castellan.crypto;

import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A {@link SecretKey} over a private copy of raw key bytes that, unlike
 * {@link javax.crypto.spec.SecretKeySpec}, can be wiped with {@link #destroy()}. Used to hand keys
 * to {@code Cipher}/{@code Mac}, which copy the bytes during {@code init}; we destroy our copy
 * right after.
 */
final class RawKey implements SecretKey {

    private static final long serialVersionUID = 1L;

    private final byte[] key;
    private final String algorithm;
    private volatile boolean destroyed;

    RawKey(byte[] key, String algorithm) {
        this.key = key.clone();
        this.algorithm = algorithm;
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("key destroyed");
        }
        return key.clone();
    }

    @Override
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }
}
