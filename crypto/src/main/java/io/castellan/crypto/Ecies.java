package io.castellan.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * Public-key encryption exactly as KSM does it ({@code publicEncrypt}/{@code privateDecrypt} in the
 * SDKs): used for transmission keys and for record keys sealed to the vault owner.
 *
 * <ol>
 *   <li>generate an ephemeral P-256 key pair;</li>
 *   <li>K = SHA-256(x-coordinate of ECDH(ephemeral private, recipient public));</li>
 *   <li>output {@code ephemeralPublic(65, raw 0x04‖X‖Y) ‖ AES-256-GCM(K, data)}.</li>
 * </ol>
 * A 32-byte key seals to 125 bytes (65 + 12 + 32 + 16).
 *
 * <p>This construction has no KDF info, no binding of the ephemeral or recipient key into the key
 * derivation and no AAD: it is kept only for KSM byte compatibility. The ephemeral point is
 * validated on {@link #open}; any failure raises a generic {@link CryptoException}.
 */
public final class Ecies {

    /** Length of the ephemeral public key prefix. */
    public static final int EPHEMERAL_KEY_LENGTH = EcKeys.RAW_PUBLIC_KEY_LENGTH;
    /** Bytes added to the plaintext length by {@link #seal}. */
    public static final int OVERHEAD = EPHEMERAL_KEY_LENGTH + Aes256Gcm.OVERHEAD;

    private Ecies() {
    }

    /** Seals {@code data} to a recipient given as a raw 65-byte point (KSM wire format). */
    public static byte[] seal(byte[] rawRecipientPublicKey, byte[] data) {
        // publicKeyFromRaw checks the point and makes a provider key: no need to check and re-create it again
        return sealTo(EcKeys.publicKeyFromRaw(rawRecipientPublicKey), data);
    }

    /** Seals {@code data} so that only the holder of the recipient's private key can open it. */
    public static byte[] seal(ECPublicKey recipient, byte[] data) {
        return sealTo(EcKeys.requireP256(recipient), data);
    }

    private static byte[] sealTo(ECPublicKey checkedRecipient, byte[] data) {
        KeyPair ephemeral = EcKeys.generateKeyPair();
        byte[] key = sharedKey((ECPrivateKey) ephemeral.getPrivate(), checkedRecipient);
        try {
            byte[] body = Aes256Gcm.encrypt(key, data);
            byte[] out = Arrays.copyOf(EcKeys.rawPublicKey((ECPublicKey) ephemeral.getPublic()),
                    EPHEMERAL_KEY_LENGTH + body.length);
            System.arraycopy(body, 0, out, EPHEMERAL_KEY_LENGTH, body.length);
            return out;
        } finally {
            Wipe.wipe(key);
        }
    }

    /** Opens a blob produced by {@link #seal} (ours or any KSM SDK's) with the recipient's private key. */
    public static byte[] open(ECPrivateKey recipient, byte[] blob) {
        ECPrivateKey checkedRecipient = EcKeys.requireP256(recipient);
        if (blob == null || blob.length < OVERHEAD) {
            throw new CryptoException("ECIES blob too short");
        }
        ECPublicKey ephemeral;
        try {
            ephemeral = EcKeys.publicKeyFromRaw(Arrays.copyOf(blob, EPHEMERAL_KEY_LENGTH));
        } catch (CryptoException e) {
            throw new CryptoException("ECIES blob has an invalid ephemeral public key");
        }
        byte[] key = sharedKey(checkedRecipient, ephemeral);
        try {
            return Aes256Gcm.decrypt(key, Arrays.copyOfRange(blob, EPHEMERAL_KEY_LENGTH, blob.length));
        } catch (CryptoException e) {
            throw new CryptoException("ECIES authentication failed");
        } finally {
            Wipe.wipe(key);
        }
    }

    /** SHA-256 of the ECDH x-coordinate; the raw shared secret is wiped. */
    static byte[] sharedKey(ECPrivateKey privateKey, ECPublicKey publicKey) {
        byte[] sharedSecret = P256.ecdh(privateKey, publicKey);
        try {
            return MessageDigest.getInstance("SHA-256").digest(sharedSecret);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("SHA-256 unavailable", e);
        } finally {
            Wipe.wipe(sharedSecret);
        }
    }
}
