package io.castellan.server.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.EcKeys;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Requests;
import io.castellan.store.UserKeys;

/**
 * What a client computes for a new account (docs/api.md "Keys"), checked for shape: 16-byte salt, PBKDF2 iterations
 * within {@link #MIN_ITERATIONS}..{@link #MAX_ITERATIONS}, 32-byte auth hash, AES-GCM blobs of plausible size and a
 * public key that is a point on P-256. Used by {@code register} and by {@link AdminBootstrap}.
 *
 * <p>The minimum of 10,000 iterations lets tests run fast; clients use 1,000,000 by default and the official client
 * refuses fewer than 100,000 unless told otherwise.
 */
public record AccountKeyMaterial(byte[] salt, int iterations, byte[] authHash, byte[] encryptedDataKey,
        byte[] publicKey, byte[] encryptedPrivateKey) {

    /** Fewest PBKDF2 iterations the server accepts for an account. */
    public static final int MIN_ITERATIONS = 10_000;
    /** Most PBKDF2 iterations the server accepts (the client's own ceiling). */
    public static final int MAX_ITERATIONS = 100_000_000;
    private static final int MAX_WRAPPED_LENGTH = 4096;

    /** @throws io.castellan.model.error.CastellanException {@code bad_request}/{@code validation_failed} naming the field */
    public AccountKeyMaterial {
        if (salt == null || salt.length != Verifier.SALT_LENGTH) {
            throw ApiFailures.badField("salt", "must be " + Verifier.SALT_LENGTH + " bytes");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw ApiFailures.invalidField("iterations", "must be between " + MIN_ITERATIONS + " and "
                    + MAX_ITERATIONS);
        }
        if (authHash == null || authHash.length != Verifier.AUTH_HASH_LENGTH) {
            throw ApiFailures.badField("authHash", "must be " + Verifier.AUTH_HASH_LENGTH + " bytes");
        }
        checkWrapped("encryptedDataKey", encryptedDataKey);
        checkWrapped("encryptedPrivateKey", encryptedPrivateKey);
        try {
            EcKeys.publicKeyFromRaw(publicKey);
        } catch (CryptoException e) {
            throw ApiFailures.badField("publicKey", "must be a 65-byte uncompressed P-256 point");
        }
    }

    /** Reads the fields of a {@code register} request. */
    public static AccountKeyMaterial fromRequest(ObjectNode body) {
        return new AccountKeyMaterial(Requests.bytes(body, "salt"), Requests.integer(body, "iterations"),
                Requests.bytes(body, "authHash"), Requests.bytes(body, "encryptedDataKey"),
                Requests.bytes(body, "publicKey"), Requests.bytes(body, "encryptedPrivateKey"));
    }

    /** The keys to store: the auth hash replaced by a fresh verifier. */
    public UserKeys toUserKeys() {
        return new UserKeys(salt.clone(), iterations, Verifier.create(authHash), encryptedDataKey.clone(),
                publicKey.clone(), encryptedPrivateKey.clone());
    }

    private static void checkWrapped(String field, byte[] blob) {
        if (blob == null || blob.length <= Aes256Gcm.OVERHEAD || blob.length > MAX_WRAPPED_LENGTH) {
            throw ApiFailures.badField(field, "must be an AES-GCM blob of at most " + MAX_WRAPPED_LENGTH + " bytes");
        }
    }

    @Override
    public String toString() {
        return "AccountKeyMaterial[" + iterations + " iterations]"; // never the auth hash
    }
}
