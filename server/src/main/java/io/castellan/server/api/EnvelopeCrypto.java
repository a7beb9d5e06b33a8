package io.castellan.server.api;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.SecretBytes;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.keys.TransmissionKey;
import io.castellan.server.keys.TransmissionKeys;
import java.security.interfaces.ECPrivateKey;
import java.util.Map;
import java.util.Optional;

/**
 * The cryptographic half of the envelope: picks the server key named by {@code PublicKeyId}, opens the transmission
 * key sealed in {@code TransmissionKey} (ECIES, as Keeper Secrets Manager does it) and decrypts the body with it
 * (AES-256-GCM). Every failure is a fixed message: nothing of the input or the crypto library's text is echoed.
 */
final class EnvelopeCrypto {

    /** Largest base64 {@code TransmissionKey} header accepted (the real one is 168 characters). */
    private static final int MAX_HEADER_LENGTH = 512;

    private final TransmissionKeys keys;

    EnvelopeCrypto(TransmissionKeys keys) {
        this.keys = keys;
    }

    /**
     * @throws CastellanException {@code key} (with {@code key_id} = the current id) for a missing or unknown id
     */
    TransmissionKey serverKey(String publicKeyId) {
        Optional<TransmissionKey> key = Optional.empty();
        if (publicKeyId != null && publicKeyId.strip().matches("[0-9]{1,9}")) {
            key = keys.byId(Integer.parseInt(publicKeyId.strip()));
        }
        return key.orElseThrow(() -> {
            int current = keys.current().keyId();
            return new CastellanException(ErrorCode.TRANSMISSION_KEY_REJECTED, "unknown server key id; use key id "
                    + current + " from /.well-known/castellan/server-keys", Map.of("key_id",
                    Integer.toString(current)), null);
        });
    }

    /** The sealed transmission key: the decoded {@code TransmissionKey} header. */
    static byte[] sealedKey(String header) {
        if (header == null || header.isBlank() || header.length() > MAX_HEADER_LENGTH) {
            throw bad("the TransmissionKey header is missing or malformed");
        }
        try {
            return Base64s.decode(header.strip());
        } catch (CryptoException e) {
            throw bad("the TransmissionKey header is not standard base64");
        }
    }

    /** Opens the 32-byte transmission key; the caller closes (wipes) it. */
    static SecretBytes open(TransmissionKey serverKey, byte[] sealed) {
        byte[] tk;
        try {
            tk = Ecies.open((ECPrivateKey) serverKey.privateKey(), sealed);
        } catch (CryptoException | ClassCastException e) {
            throw bad("the transmission key does not open with the server key it names");
        }
        SecretBytes key = SecretBytes.wrap(tk);
        if (tk.length != Aes256Gcm.KEY_LENGTH) {
            key.close();
            throw bad("the transmission key must be " + Aes256Gcm.KEY_LENGTH + " bytes");
        }
        return key;
    }

    /** The decrypted body; the caller wipes it. */
    static byte[] decryptBody(SecretBytes tk, byte[] body) {
        try {
            return Aes256Gcm.decrypt(tk.bytes(), body);
        } catch (CryptoException e) {
            throw bad("the request body does not decrypt with the transmission key");
        }
    }

    /** The encrypted response body. */
    static byte[] encryptBody(SecretBytes tk, byte[] json) {
        return Aes256Gcm.encrypt(tk.bytes(), json);
    }

    static CastellanException bad(String message) {
        return new CastellanException(ErrorCode.BAD_REQUEST, message);
    }
}
