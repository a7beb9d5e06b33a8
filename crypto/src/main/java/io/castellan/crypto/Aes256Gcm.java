package io.castellan.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM authenticated encryption in the KSM layout {@code nonce(12) ‖ ciphertext ‖ tag(16)}:
 * every record, record key, shared-folder key, file and request/response body in KSM uses it.
 *
 * <p>Each {@link #encrypt} call draws a fresh random 96-bit nonce from {@link CastellanRandom}.
 * With random nonces a single key should encrypt fewer than 2<sup>32</sup> messages (NIST SP
 * 800-38D); KSM keys are per record/per request, far below that. Optional associated data (AAD)
 * is authenticated but not encrypted; KSM itself uses none, and {@code null} means none.
 *
 * <p>Any failure to decrypt (wrong key, wrong AAD, any modified byte, truncated blob) raises
 * {@link CryptoException} with a generic message.
 */
public final class Aes256Gcm {

    /** Key length in bytes. */
    public static final int KEY_LENGTH = 32;
    /** Nonce (IV) length in bytes. */
    public static final int NONCE_LENGTH = 12;
    /** Authentication tag length in bytes. */
    public static final int TAG_LENGTH = 16;
    /** Bytes added to the plaintext length by {@link #encrypt}. */
    public static final int OVERHEAD = NONCE_LENGTH + TAG_LENGTH;

    private Aes256Gcm() {
    }

    /** Encrypts {@code plaintext} under {@code key}, without associated data. */
    public static byte[] encrypt(byte[] key, byte[] plaintext) {
        return encrypt(key, plaintext, null);
    }

    /** Encrypts {@code plaintext} under {@code key}, authenticating {@code aad} as well. */
    public static byte[] encrypt(byte[] key, byte[] plaintext, byte[] aad) {
        return encryptWithNonce(key, CastellanRandom.bytes(NONCE_LENGTH), plaintext, aad);
    }

    /** Decrypts and authenticates a blob produced by {@link #encrypt(byte[], byte[])}. */
    public static byte[] decrypt(byte[] key, byte[] blob) {
        return decrypt(key, blob, null);
    }

    /** Decrypts and authenticates a blob produced with the same {@code aad}. */
    public static byte[] decrypt(byte[] key, byte[] blob, byte[] aad) {
        checkKey(key);
        if (blob == null || blob.length < OVERHEAD) {
            throw new CryptoException("AES-GCM blob too short");
        }
        Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, blob, 0);
        try {
            if (aad != null) {
                cipher.updateAAD(aad);
            }
            return cipher.doFinal(blob, NONCE_LENGTH, blob.length - NONCE_LENGTH);
        } catch (AEADBadTagException e) {
            throw new CryptoException("AES-GCM authentication failed");
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM decryption failed");
        } finally {
            GcmCiphers.give(cipher);
        }
    }

    /** Encryption with a caller-chosen nonce: package-private, for known-answer tests only. */
    static byte[] encryptWithNonce(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
        checkKey(key);
        if (plaintext == null) {
            throw new IllegalArgumentException("plaintext must not be null");
        }
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce must be " + NONCE_LENGTH + " bytes");
        }
        byte[] out = new byte[NONCE_LENGTH + plaintext.length + TAG_LENGTH];
        System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
        Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, 0);
        try {
            if (aad != null) {
                cipher.updateAAD(aad);
            }
            cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_LENGTH);
            return out;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM encryption failed", e);
        } finally {
            GcmCiphers.give(cipher);
        }
    }

    /**
     * A cipher from {@link GcmCiphers}, initialised for this operation. A pooled object refuses an encryption
     * {@code init} with the key and nonce of its own previous encryption (SunJCE's nonce-reuse check); the nonce is
     * random (or, in known-answer tests, chosen), so this takes a fresh object then, exactly as before the pool.
     */
    private static Cipher cipher(int mode, byte[] key, byte[] nonceSource, int nonceOffset) {
        RawKey rawKey = new RawKey(key, "AES");
        GCMParameterSpec spec = new GCMParameterSpec(TAG_LENGTH * 8, nonceSource, nonceOffset, NONCE_LENGTH);
        try {
            Cipher cipher = GcmCiphers.take();
            try {
                cipher.init(mode, rawKey, spec);
            } catch (InvalidAlgorithmParameterException sameKeyAndNonce) {
                cipher = GcmCiphers.fresh();
                cipher.init(mode, rawKey, spec);
            }
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM unavailable", e);
        } finally {
            rawKey.destroy();
        }
    }

    private static void checkKey(byte[] key) {
        if (key == null || key.length != KEY_LENGTH) {
            throw new CryptoException("AES-256 key must be " + KEY_LENGTH + " bytes");
        }
    }
}
