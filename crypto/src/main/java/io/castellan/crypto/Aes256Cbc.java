package io.castellan.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;

/**
 * AES-256-CBC with PKCS#7 padding in the KSM layout {@code iv(16) ‖ ciphertext}.
 *
 * <p><b>Compatibility only.</b> KSM uses CBC for sub-folder keys and folder {@code data}
 * ({@code get_folders}, {@code create_folder}, {@code update_folder}); everything else must use
 * {@link Aes256Gcm}. CBC is not authenticated: a modified blob may decrypt to garbage instead of
 * failing, and padding errors must not be reported differently from other failures (padding
 * oracle). This class therefore gives one generic error for every decryption failure; callers
 * must not expose timing or error detail of CBC decryption to untrusted parties.
 */
public final class Aes256Cbc {

    /** Key length in bytes. */
    public static final int KEY_LENGTH = 32;
    /** IV and block length in bytes. */
    public static final int IV_LENGTH = 16;

    private static final String TRANSFORMATION = "AES/CBC/PKCS5Padding"; // PKCS#5 == PKCS#7 for AES in the JDK

    private Aes256Cbc() {
    }

    /** Encrypts with a fresh random IV; output is {@code iv ‖ ciphertext}. */
    public static byte[] encrypt(byte[] key, byte[] plaintext) {
        return encryptWithIv(key, CastellanRandom.bytes(IV_LENGTH), plaintext);
    }

    /** Decrypts {@code iv ‖ ciphertext} and removes the padding. */
    public static byte[] decrypt(byte[] key, byte[] blob) {
        checkKey(key);
        if (blob == null || blob.length < 2 * IV_LENGTH || blob.length % IV_LENGTH != 0) {
            throw new CryptoException("AES-CBC blob has an invalid length");
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, key, blob).doFinal(blob, IV_LENGTH, blob.length - IV_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-CBC decryption failed");
        }
    }

    /** Encryption with a caller-chosen IV: package-private, for known-answer tests only. */
    static byte[] encryptWithIv(byte[] key, byte[] iv, byte[] plaintext) {
        checkKey(key);
        if (plaintext == null) {
            throw new IllegalArgumentException("plaintext must not be null");
        }
        if (iv.length != IV_LENGTH) {
            throw new IllegalArgumentException("IV must be " + IV_LENGTH + " bytes");
        }
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, iv);
            byte[] out = new byte[IV_LENGTH + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(iv, 0, out, 0, IV_LENGTH);
            int written = cipher.doFinal(plaintext, 0, plaintext.length, out, IV_LENGTH);
            if (written != out.length - IV_LENGTH) {
                throw new CryptoException("AES-CBC produced an unexpected length");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-CBC encryption failed", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] ivSource) {
        RawKey rawKey = new RawKey(key, "AES");
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, rawKey, new IvParameterSpec(ivSource, 0, IV_LENGTH));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-CBC unavailable", e);
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
