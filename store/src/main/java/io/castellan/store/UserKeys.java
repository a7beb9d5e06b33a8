package io.castellan.store;

import java.util.Objects;

/**
 * What the server keeps to authenticate a user and hand back the user's keys — none of it opens anything without the
 * master password, which never leaves the client.
 *
 * @param authSalt            salt of the client-side PBKDF2 that derives the authentication hash
 * @param authIterations      PBKDF2 iterations the client must use
 * @param authVerifier        the server's salted hash of the client's authentication hash
 * @param encryptedDataKey    the user's data key, wrapped with a key derived from the master password
 * @param publicKey           the user's public key (others wrap shared keys to it)
 * @param encryptedPrivateKey the matching private key, wrapped with the data key
 */
public record UserKeys(byte[] authSalt, int authIterations, byte[] authVerifier, byte[] encryptedDataKey,
        byte[] publicKey, byte[] encryptedPrivateKey) {

    public UserKeys {
        Objects.requireNonNull(authSalt, "authSalt");
        Objects.requireNonNull(authVerifier, "authVerifier");
        Objects.requireNonNull(encryptedDataKey, "encryptedDataKey");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(encryptedPrivateKey, "encryptedPrivateKey");
        if (authIterations <= 0) {
            throw new IllegalArgumentException("authIterations must be positive, was " + authIterations);
        }
    }
}
