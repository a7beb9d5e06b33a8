package io.castellan.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the frames of one tunnel direction: AES-256-GCM with the nonce {@code direction (4 bytes) ‖ sequence
 * (8 bytes)}. Sequence numbers start at 0 and only grow, and each direction has its own key, so a nonce never
 * repeats under a key. The sequence number is also the associated data, so a frame cannot be moved to another
 * position. Not thread-safe: the caller seals and sends under one lock, so that sequence order is send order.
 */
public final class TunnelSealer {

    /** Direction tag of CLI → gateway frames. */
    public static final int CLIENT_TO_GATEWAY = 0x43324700; // "C2G\0"
    /** Direction tag of gateway → CLI frames. */
    public static final int GATEWAY_TO_CLIENT = 0x47324300; // "G2C\0"
    /** Bytes a sealed frame adds to its plaintext: the GCM tag (the sequence number travels outside). */
    public static final int TAG_LENGTH = 16;

    private final SecretKeySpec key;
    private final int direction;
    private final Cipher cipher = GcmCiphers.fresh();
    private long next;

    /**
     * @param key       the direction's 32-byte key (copied)
     * @param direction {@link #CLIENT_TO_GATEWAY} or {@link #GATEWAY_TO_CLIENT}
     */
    public TunnelSealer(byte[] key, int direction) {
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.direction = direction;
    }

    /** @return the sequence number the next {@link #seal} uses */
    public long nextSequence() {
        return next;
    }

    /**
     * Seals the frame {@code header ‖ payload[offset, offset + length)} into {@code out} at {@code outOffset}, without
     * joining the two first: the bulk of a tunnel's bytes go from the local socket's buffer straight into the message.
     *
     * @return the bytes written ({@code header.length + length + TAG_LENGTH}): {@code ciphertext ‖ tag}, sealed under
     *     sequence number {@link #nextSequence()} (which then grows)
     */
    public int sealInto(byte[] header, byte[] payload, int offset, int length, byte[] out, int outOffset) {
        try {
            startNext();
            int n = cipher.update(header, 0, header.length, out, outOffset);
            return n + cipher.doFinal(payload, offset, length, out, outOffset + n);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("tunnel frame sealing failed", e);
        }
    }

    /**
     * @param plaintext the frame
     * @return {@code ciphertext ‖ tag}, sealed under sequence number {@link #nextSequence()} (which then grows)
     */
    public byte[] seal(byte[] plaintext) {
        try {
            startNext();
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("tunnel frame sealing failed", e);
        }
    }

    /** Takes the next sequence number and sets the cipher up for it (nonce and associated data). */
    private void startNext() throws GeneralSecurityException {
        if (next == Long.MAX_VALUE) {
            throw new CryptoException("tunnel sequence numbers exhausted");
        }
        long seq = next++;
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, TunnelOpener.nonce(direction, seq)));
        cipher.updateAAD(TunnelOpener.aad(direction, seq));
    }
}
