package io.castellan.crypto;

/**
 * Holds a secret byte array (a key, a token) and wipes it on {@link #close()}, so that
 * try-with-resources bounds how long the secret lives in memory.
 *
 * <pre>{@code
 * try (SecretBytes recordKey = SecretBytes.wrap(Aes256Gcm.decrypt(folderKey, encryptedRecordKey))) {
 *     byte[] data = Aes256Gcm.decrypt(recordKey.bytes(), encryptedData);
 * }
 * }</pre>
 *
 * <p>{@link #toString()} never shows the content. Access after close throws
 * {@link IllegalStateException}. Not thread-safe: one owner at a time.
 */
public final class SecretBytes implements AutoCloseable {

    private final byte[] secret;
    private boolean closed;

    private SecretBytes(byte[] secret) {
        this.secret = secret;
    }

    /** Takes ownership of {@code secret} (no copy): closing this holder wipes the caller's array. */
    public static SecretBytes wrap(byte[] secret) {
        if (secret == null) {
            throw new IllegalArgumentException("secret must not be null");
        }
        return new SecretBytes(secret);
    }

    /** Holds a private copy of {@code secret}; the caller stays responsible for its own array. */
    public static SecretBytes copyOf(byte[] secret) {
        if (secret == null) {
            throw new IllegalArgumentException("secret must not be null");
        }
        return new SecretBytes(secret.clone());
    }

    /** A fresh random secret of {@code length} bytes (e.g. a new 32-byte record key). */
    public static SecretBytes random(int length) {
        return new SecretBytes(CastellanRandom.bytes(length));
    }

    /** The live array (not a copy): do not keep a reference beyond the holder's lifetime. */
    public byte[] bytes() {
        ensureOpen();
        return secret;
    }

    /** A copy the caller must wipe itself. */
    public byte[] copy() {
        ensureOpen();
        return secret.clone();
    }

    /** Length of the secret in bytes (still available after close). */
    public int length() {
        return secret.length;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }

    /** Wipes the secret. Idempotent. */
    @Override
    public void close() {
        Wipe.wipe(secret);
        closed = true;
    }

    @Override
    public String toString() {
        return closed ? "SecretBytes[closed]" : "SecretBytes[" + secret.length + " bytes]";
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("SecretBytes already closed");
        }
    }
}
