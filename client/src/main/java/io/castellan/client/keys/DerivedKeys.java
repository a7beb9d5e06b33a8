package io.castellan.client.keys;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.SecretBytes;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;

/**
 * The two keys derived from the master password: {@link #authHash()} (sent to the server to prove the password)
 * and {@link #wrapKey()} (opens the data key, never leaves the client). Closing wipes both.
 */
public final class DerivedKeys implements AutoCloseable {

    private final SecretBytes authHash;
    private final SecretBytes wrapKey;

    DerivedKeys(byte[] authHash, byte[] wrapKey) {
        this.authHash = SecretBytes.wrap(authHash);
        this.wrapKey = SecretBytes.wrap(wrapKey);
    }

    /** @return the live authentication hash (valid until {@link #close()}) */
    public byte[] authHash() {
        return authHash.bytes();
    }

    /** @return the live wrap key (valid until {@link #close()}) */
    public byte[] wrapKey() {
        return wrapKey.bytes();
    }

    /** @return {@code encryptedDataKey = AES-GCM(wrapKey, dataKey)} */
    public byte[] wrapDataKey(byte[] dataKey) {
        return Aes256Gcm.encrypt(wrapKey.bytes(), dataKey);
    }

    /**
     * @param encryptedDataKey the blob the server returned at login
     * @return the data key; the caller wipes it
     * @throws CastellanException ({@link ErrorCode#UNAUTHENTICATED}) when it does not open with this password
     */
    public byte[] openDataKey(byte[] encryptedDataKey) {
        try {
            return Aes256Gcm.decrypt(wrapKey.bytes(), encryptedDataKey);
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.UNAUTHENTICATED,
                    "the account's data key does not open with this password");
        }
    }

    @Override
    public void close() {
        authHash.close();
        wrapKey.close();
    }

    @Override
    public String toString() {
        return "DerivedKeys[" + (authHash.isClosed() ? "closed" : "open") + "]";
    }
}
