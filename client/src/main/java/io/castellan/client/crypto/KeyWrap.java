package io.castellan.client.crypto;

import io.castellan.client.keys.UserKeyring;
import io.castellan.crypto.Aes256Cbc;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Ecies;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;

/**
 * Wraps and unwraps 32-byte object keys (record keys, folder keys) for each {@link KeyType}. One place for the rule
 * "which key opens which", shared by records and folders.
 */
public final class KeyWrap {

    private KeyWrap() {
    }

    /** @return {@code AES-GCM(dataKey, key)} ({@link KeyType#DATA_KEY}) */
    public static byte[] withDataKey(UserKeyring keyring, byte[] key) {
        return Aes256Gcm.encrypt(keyring.dataKey(), key);
    }

    /** @return {@code AES-GCM(folderKey, key)} ({@link KeyType#FOLDER_KEY}) */
    public static byte[] withFolderKey(byte[] folderKey, byte[] key) {
        return Aes256Gcm.encrypt(folderKey, key);
    }

    /** @return {@code AES-256-CBC(sharedFolderKey, key)} ({@link KeyType#SHARED_FOLDER_KEY}) */
    public static byte[] withSharedFolderKeyCbc(byte[] sharedFolderKey, byte[] key) {
        return Aes256Cbc.encrypt(sharedFolderKey, key);
    }

    /** @return {@code ECIES(recipient, key)} ({@link KeyType#PUBLIC_KEY}); {@code recipient} is the raw 65-byte point */
    public static byte[] toPublicKey(byte[] recipient, byte[] key) {
        try {
            return Ecies.seal(recipient, key);
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "the recipient's public key is not a valid P-256 key");
        }
    }

    /**
     * Opens a wrapped key.
     *
     * @param wrapped the wrapped key
     * @param type how it is wrapped
     * @param keyring the user's keys (for {@link KeyType#DATA_KEY} and {@link KeyType#PUBLIC_KEY})
     * @param folderKey the shared folder's key for {@link KeyType#FOLDER_KEY} and {@link KeyType#SHARED_FOLDER_KEY},
     *                  otherwise ignored (may be null)
     * @return the key; the caller wipes it
     * @throws CryptoException when it does not open (wrong key or tampered blob)
     */
    public static byte[] unwrap(byte[] wrapped, KeyType type, UserKeyring keyring, byte[] folderKey) {
        return switch (type) {
            case DATA_KEY -> Aes256Gcm.decrypt(keyring.dataKey(), wrapped);
            case PUBLIC_KEY -> Ecies.open(keyring.privateKey(), wrapped);
            case FOLDER_KEY -> {
                if (folderKey == null) {
                    throw new CryptoException("no folder key");
                }
                yield Aes256Gcm.decrypt(folderKey, wrapped);
            }
            case SHARED_FOLDER_KEY -> {
                if (folderKey == null) {
                    throw new CryptoException("no shared folder key");
                }
                yield Aes256Cbc.decrypt(folderKey, wrapped);
            }
            case TEAM_KEY -> throw new CryptoException("a team-key wrap opens with the team's private key");
        };
    }
}
