package io.castellan.client.keys;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Wipe;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * Everything a new account hands to the server: the fields of the {@code register} request in {@code docs/api.md},
 * and exactly what the offline {@code castellan server init-admin} stores, so both paths produce the same account.
 *
 * <p>Only {@link #authHash()} is sensitive (it proves the password; the server stores a salted HMAC of it); the
 * other fields are ciphertext or public. {@link #wipe()} clears the auth hash once it has been sent.
 *
 * @param salt the 16-byte PBKDF2 salt
 * @param iterations the PBKDF2 iteration count
 * @param authHash what the client proves at login
 * @param encryptedDataKey {@code AES-GCM(wrapKey, dataKey)}
 * @param publicKey the raw 65-byte P-256 point
 * @param encryptedPrivateKey {@code AES-GCM(dataKey, PKCS#8)}
 */
public record AccountMaterial(byte[] salt, int iterations, byte[] authHash, byte[] encryptedDataKey,
        byte[] publicKey, byte[] encryptedPrivateKey) {

    /**
     * Creates a new account's keys: a random salt, data key and P-256 key pair. The password is wiped and so is
     * every intermediate key.
     *
     * @param password the chosen master password (wiped)
     * @param iterations PBKDF2 iterations ({@link AccountKeys#DEFAULT_ITERATIONS} in production)
     * @return the material to register
     */
    public static AccountMaterial create(char[] password, int iterations) {
        byte[] salt = CastellanRandom.bytes(AccountKeys.SALT_LENGTH);
        try (DerivedKeys derived = AccountKeys.derive(password, salt, iterations);
             SecretBytes dataKey = SecretBytes.random(AccountKeys.KEY_LENGTH)) {
            KeyPair pair = EcKeys.generateKeyPair();
            byte[] pkcs8 = EcKeys.pkcs8((ECPrivateKey) pair.getPrivate());
            try {
                return new AccountMaterial(salt, iterations, derived.authHash().clone(),
                        derived.wrapDataKey(dataKey.bytes()),
                        EcKeys.rawPublicKey((ECPublicKey) pair.getPublic()),
                        Aes256Gcm.encrypt(dataKey.bytes(), pkcs8));
            } finally {
                Wipe.wipe(pkcs8);
            }
        }
    }

    /** Wipes the auth hash (the only secret held here). */
    public void wipe() {
        Wipe.wipe(authHash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccountMaterial m && iterations == m.iterations && Arrays.equals(salt, m.salt)
                && Arrays.equals(authHash, m.authHash) && Arrays.equals(encryptedDataKey, m.encryptedDataKey)
                && Arrays.equals(publicKey, m.publicKey) && Arrays.equals(encryptedPrivateKey, m.encryptedPrivateKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "AccountMaterial[iterations=" + iterations + "]";
    }
}
