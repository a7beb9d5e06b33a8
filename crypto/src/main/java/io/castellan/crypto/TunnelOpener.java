package io.castellan.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opens the frames of one tunnel direction ({@link TunnelSealer}): each frame must carry exactly the next sequence
 * number, so a replayed, reordered or dropped frame is refused, and its tag must verify under that number. Not
 * thread-safe: one receiving thread per tunnel.
 */
public final class TunnelOpener {

    private final SecretKeySpec key;
    private final int direction;
    private final Cipher cipher = GcmCiphers.fresh();
    private long expected;

    /**
     * @param key       the direction's 32-byte key (copied)
     * @param direction the tag the sealer used
     */
    public TunnelOpener(byte[] key, int direction) {
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.direction = direction;
    }

    /** @return the sequence number the next frame must carry */
    public long expectedSequence() {
        return expected;
    }

    /**
     * @param sequence the frame's sequence number as received
     * @param sealed   {@code ciphertext ‖ tag}
     * @return the plaintext
     * @throws CryptoException when the sequence number is not the next one (replay, reorder, loss) or the frame was
     *     altered
     */
    public byte[] open(long sequence, byte[] sealed) {
        return open(sequence, sealed, 0, sealed.length);
    }

    /**
     * Opens {@code sealed[offset, offset + length)} where it lies (inside a received message: no copy first).
     *
     * @return the plaintext
     * @throws CryptoException as {@link #open(long, byte[])}
     */
    public byte[] open(long sequence, byte[] sealed, int offset, int length) {
        if (sequence != expected) {
            throw new CryptoException(sequence < expected ? "tunnel frame replayed (sequence " + sequence
                    + " already seen)" : "tunnel frame out of order or a frame was dropped (expected sequence "
                    + expected + ", got " + sequence + ")");
        }
        if (length < TunnelSealer.TAG_LENGTH) {
            throw new CryptoException("tunnel frame too short");
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce(direction, sequence)));
            cipher.updateAAD(aad(direction, sequence));
            byte[] plain = cipher.doFinal(sealed, offset, length);
            expected++;
            return plain;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("tunnel frame failed authentication (altered, or sealed with another key)");
        }
    }

    static byte[] nonce(int direction, long seq) {
        return ByteBuffer.allocate(12).putInt(direction).putLong(seq).array();
    }

    static byte[] aad(int direction, long seq) {
        return ByteBuffer.allocate(12).putInt(direction).putLong(seq).array();
    }
}
