package io.castellan.crypto;

import java.security.GeneralSecurityException;
import java.util.concurrent.LinkedBlockingDeque;
import javax.crypto.Cipher;

/**
 * A small pool of idle {@code AES/GCM/NoPadding} {@link Cipher} objects for {@link Aes256Gcm}.
 *
 * <p>Why: {@code Cipher.getInstance} looks the transformation up in the provider list and parses it on every call;
 * a Secrets Manager answer of 100 records makes 200 AES-GCM operations on the device, and the lookup was about a
 * tenth of the device's CPU. A {@code ThreadLocal} would not help: requests run on virtual threads, each new. The
 * pool hands each caller its own object (a {@code Cipher} is not thread-safe), which the caller always
 * re-{@code init}s with its own key and fresh nonce, so nothing of one operation carries over to the next except
 * the key schedule of the last key, as it would in a discarded object until the collector reclaims it. At most
 * {@value #MAX_IDLE} objects are kept; beyond that they are dropped.
 */
final class GcmCiphers {

    static final String TRANSFORMATION = "AES/GCM/NoPadding";
    static final int MAX_IDLE = 64;

    // last in, first out: the most recently used object is the likeliest still in the CPU's cache
    private static final LinkedBlockingDeque<Cipher> IDLE = new LinkedBlockingDeque<>(MAX_IDLE);

    private GcmCiphers() {
    }

    /** An idle cipher, or a new one. */
    static Cipher take() {
        Cipher idle = IDLE.pollFirst();
        return idle != null ? idle : fresh();
    }

    /** A new cipher, never from the pool. */
    static Cipher fresh() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("AES-GCM unavailable", e);
        }
    }

    /** Gives {@code cipher} back for a later {@link #take}; the caller must not use it afterwards. */
    static void give(Cipher cipher) {
        IDLE.offerFirst(cipher);
    }

    /** How many ciphers are idle (tests). */
    static int idle() {
        return IDLE.size();
    }
}
