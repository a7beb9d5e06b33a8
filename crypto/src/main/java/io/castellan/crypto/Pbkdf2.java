package io.castellan.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * PBKDF2-HMAC-SHA256 (RFC 8018) for stretching passwords into keys.
 *
 * <p>Why hand-written over {@link Mac} rather than {@code SecretKeyFactory("PBKDF2WithHmacSHA256")}?
 * The JCA version only takes a {@code char[]} and keeps its own unwipeable copies; this one also
 * accepts raw {@code byte[]} passwords and wipes every intermediate buffer it owns. The output is
 * identical (checked against RFC 7914 §11 vectors and the JCA factory in the tests).
 *
 * <p>{@code char[]} passwords are encoded as UTF-8 without going through a {@code String};
 * unpaired surrogates are rejected rather than silently replaced. Salts must be at least
 * {@value #MIN_SALT_LENGTH} bytes (NIST SP 800-132).
 */
public final class Pbkdf2 {

    /** Default work factor: one million iterations. */
    public static final int DEFAULT_ITERATIONS = 1_000_000;
    /** Minimum salt length accepted by the public API. */
    public static final int MIN_SALT_LENGTH = 16;
    /** Default output length: an AES-256 key. */
    public static final int DEFAULT_KEY_LENGTH = 32;
    /** Largest output accepted (far above any real use, keeps callers honest). */
    public static final int MAX_KEY_LENGTH = 1024;

    private static final int H_LEN = 32;

    private Pbkdf2() {
    }

    /** 32-byte key from a password with {@value #DEFAULT_ITERATIONS} iterations. */
    public static byte[] deriveKey(char[] password, byte[] salt) {
        return deriveKey(password, salt, DEFAULT_ITERATIONS, DEFAULT_KEY_LENGTH);
    }

    /** Derives {@code keyLength} bytes from a {@code char[]} password (UTF-8). */
    public static byte[] deriveKey(char[] password, byte[] salt, int iterations, int keyLength) {
        if (password == null) {
            throw new IllegalArgumentException("password must not be null");
        }
        byte[] utf8 = utf8(password);
        try {
            return deriveKey(utf8, salt, iterations, keyLength);
        } finally {
            Wipe.wipe(utf8);
        }
    }

    /** Derives {@code keyLength} bytes from a raw {@code byte[]} password. */
    public static byte[] deriveKey(byte[] password, byte[] salt, int iterations, int keyLength) {
        if (salt == null || salt.length < MIN_SALT_LENGTH) {
            throw new IllegalArgumentException("salt must be at least " + MIN_SALT_LENGTH + " bytes");
        }
        return deriveUnchecked(password, salt, iterations, keyLength);
    }

    /** PBKDF2 without the salt-length policy; package-private for the RFC test vectors (4-byte salts). */
    static byte[] deriveUnchecked(byte[] password, byte[] salt, int iterations, int keyLength) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
        if (salt == null) {
            throw new IllegalArgumentException("salt must not be null");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1");
        }
        if (keyLength < 1 || keyLength > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("key length must be 1.." + MAX_KEY_LENGTH);
        }
        Mac mac = Hmacs.newMac(Hmacs.HMAC_SHA256, password);
        byte[] u = new byte[H_LEN];
        byte[] t = new byte[H_LEN];
        byte[] out = new byte[keyLength];
        try {
            for (int block = 1, offset = 0; offset < keyLength; block++, offset += H_LEN) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
                mac.doFinal(u, 0);
                System.arraycopy(u, 0, t, 0, H_LEN);
                for (int i = 1; i < iterations; i++) {
                    mac.update(u);
                    mac.doFinal(u, 0);
                    for (int j = 0; j < H_LEN; j++) {
                        t[j] ^= u[j];
                    }
                }
                System.arraycopy(t, 0, out, offset, Math.min(H_LEN, keyLength - offset));
            }
            return out;
        } catch (ShortBufferException e) {
            throw new CryptoException("PBKDF2 internal error", e);
        } finally {
            Wipe.wipeAll(u, t);
        }
    }

    /** UTF-8 bytes of {@code password} in an exact-size array; the working buffer is wiped. */
    private static byte[] utf8(char[] password) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] buffer = new byte[password.length * 3];
        ByteBuffer out = ByteBuffer.wrap(buffer);
        try {
            CoderResult result = encoder.encode(CharBuffer.wrap(password), out, true);
            if (!result.isUnderflow()) {
                result.throwException();
            }
            result = encoder.flush(out);
            if (!result.isUnderflow()) {
                result.throwException();
            }
            return Arrays.copyOf(buffer, out.position());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("password is not valid Unicode (unpaired surrogate)");
        } finally {
            Wipe.wipe(buffer);
        }
    }
}
