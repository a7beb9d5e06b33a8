package io.castellan.client.keys;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.ConstantTime;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.security.interfaces.ECPrivateKey;

/**
 * A signed-in user's unlocked keys: the data key (wraps the user's own record and folder keys) and the P-256 private
 * key (opens keys others shared). Lives for one command; {@link #close()} wipes the data key.
 */
public final class UserKeyring implements AutoCloseable {

    private final SecretBytes dataKey;
    private final ECPrivateKey privateKey;
    private final byte[] publicKey;

    private UserKeyring(SecretBytes dataKey, ECPrivateKey privateKey, byte[] publicKey) {
        this.dataKey = dataKey;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * Opens the private key with the data key and checks it belongs to {@code publicKey}, so a swapped blob is
     * caught here rather than producing undecryptable shares later.
     *
     * @param dataKey the data key (taken over: wiped when the keyring closes, or now on failure)
     * @param encryptedPrivateKey {@code AES-GCM(dataKey, PKCS#8)}
     * @param publicKey the account's raw public key
     * @return the keyring
     */
    public static UserKeyring open(byte[] dataKey, byte[] encryptedPrivateKey, byte[] publicKey) {
        SecretBytes key = SecretBytes.wrap(dataKey);
        byte[] pkcs8 = null;
        try {
            pkcs8 = Aes256Gcm.decrypt(key.bytes(), encryptedPrivateKey);
            ECPrivateKey privateKey = EcKeys.privateKeyFromPkcs8(pkcs8);
            if (!ConstantTime.equals(EcKeys.rawPublicKey(EcKeys.publicKeyOf(privateKey)), publicKey)) {
                throw new CryptoException("key pair mismatch");
            }
            return new UserKeyring(key, privateKey, publicKey.clone());
        } catch (CryptoException e) {
            key.close();
            throw new CastellanException(ErrorCode.UNAUTHENTICATED,
                    "the account's private key does not open with its data key; log in again");
        } finally {
            Wipe.wipe(pkcs8);
        }
    }

    /** @return the live data key (valid until {@link #close()}) */
    public byte[] dataKey() {
        return dataKey.bytes();
    }

    /** @return the private key, for opening ECIES blobs sealed to this user */
    public ECPrivateKey privateKey() {
        return privateKey;
    }

    /** @return a copy of the raw 65-byte public key */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public void close() {
        dataKey.close();
    }

    @Override
    public String toString() {
        return "UserKeyring[" + (dataKey.isClosed() ? "closed" : "open") + "]";
    }
}
