package io.castellan.model.tunnel;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One binary WebSocket message of a tunnel: what the server relays without being able to open it.
 *
 * <pre>
 * 0x04 ‖ version (1) ‖ clientKey (65)                           CLI → gateway: its ephemeral P-256 key
 * 0x05 ‖ version (1) ‖ gatewayKey (65) ‖ signature (DER, ≤ 72)  gateway → CLI: its key, signed by its device key
 * 0x03 ‖ sequence (8) ‖ AES-GCM(frame) ‖ tag (16)                either way, after the handshake: one sealed frame
 * 0x06 ‖ sequence (8) ‖ { length (2) ‖ AES-GCM(frame) ‖ tag }…   either way: sealed frames of sequence, sequence + 1, …
 * 0x07 ‖ bytesUp (8) ‖ bytesDown (8)                             gateway → relay only: bytes carried on the direct path
 * </pre>
 *
 * Version 1 of the protocol had unversioned hellos ({@code 0x01 ‖ clientKey}, {@code 0x02 ‖ gatewayKey ‖ signature})
 * and no batches; they decode as {@link LegacyHello} so that an end can say which side to update.
 */
public sealed interface WireMessage {

    /** Raw uncompressed P-256 point length. */
    int KEY_LENGTH = 65;
    /** Longest DER ECDSA P-256 signature. */
    int MAX_SIGNATURE = 72;
    /** Shortest sealed frame: its header (5) and the tag (16). */
    int MIN_SEALED = 5 + 16;

    /** CLI → gateway, first message. */
    record ClientHello(int version, byte[] key) implements WireMessage {
    }

    /** Gateway → CLI, answer to {@link ClientHello}. */
    record GatewayHello(int version, byte[] key, byte[] signature) implements WireMessage {
    }

    /** A hello of protocol version 1 ({@code fromClient}: the CLI's), which had no version byte. */
    record LegacyHello(boolean fromClient) implements WireMessage {
    }

    /** A sealed {@link Frame}. */
    record Sealed(long sequence, byte[] ciphertext) implements WireMessage {
    }

    /** Sealed frames of consecutive sequence numbers from {@code sequence}, in that order. */
    record Batch(long sequence, List<byte[]> ciphertexts) implements WireMessage {
    }

    /**
     * The gateway's running count of the bytes its direct path carried (wire messages, as the relay counts its own),
     * for the relay's records and audit; the relay takes it and passes nothing on.
     */
    record UsageReport(long bytesUp, long bytesDown) implements WireMessage {
        /** The message's length. */
        public static final int LENGTH = 17;
        /** The message's first byte. */
        public static final byte KIND = 7;
    }

    /** @return the message's bytes */
    default byte[] encode() {
        return switch (this) {
            case ClientHello h -> ByteBuffer.allocate(2 + KEY_LENGTH).put((byte) 4).put((byte) h.version())
                    .put(h.key()).array();
            case GatewayHello h -> ByteBuffer.allocate(2 + KEY_LENGTH + h.signature().length).put((byte) 5)
                    .put((byte) h.version()).put(h.key()).put(h.signature()).array();
            case LegacyHello h -> throw new IllegalStateException("version 1 hellos are only decoded");
            case Sealed s -> ByteBuffer.allocate(9 + s.ciphertext().length).put((byte) 3).putLong(s.sequence())
                    .put(s.ciphertext()).array();
            case Batch b -> encodeBatch(b);
            case UsageReport r -> ByteBuffer.allocate(UsageReport.LENGTH).put(UsageReport.KIND).putLong(r.bytesUp())
                    .putLong(r.bytesDown()).array();
        };
    }

    private static byte[] encodeBatch(Batch b) {
        int n = 9;
        for (byte[] c : b.ciphertexts()) {
            n += 2 + c.length;
        }
        ByteBuffer out = ByteBuffer.allocate(n).put((byte) 6).putLong(b.sequence());
        for (byte[] c : b.ciphertexts()) {
            out.putShort((short) c.length).put(c);
        }
        return out.array();
    }

    /**
     * @param bytes one message as received
     * @throws TunnelProtocolException naming the problem (too long, unknown kind, bad length)
     */
    static WireMessage decode(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (n < 1 || n > TunnelProtocol.MAX_MESSAGE) {
            throw new TunnelProtocolException("tunnel message of " + n + " bytes (1 to " + TunnelProtocol.MAX_MESSAGE
                    + " allowed)");
        }
        int kind = bytes.get() & 0xff;
        switch (kind) {
            case 1, 2 -> {
                return new LegacyHello(kind == 1);
            }
            case 4 -> {
                if (n != 2 + KEY_LENGTH) {
                    throw new TunnelProtocolException("client hello must carry a version and a 65-byte key");
                }
                return new ClientHello(bytes.get() & 0xff, take(bytes, KEY_LENGTH));
            }
            case 5 -> {
                if (n < 2 + KEY_LENGTH + 8 || n > 2 + KEY_LENGTH + MAX_SIGNATURE) {
                    throw new TunnelProtocolException("gateway hello must carry a version, a 65-byte key and a"
                            + " signature");
                }
                return new GatewayHello(bytes.get() & 0xff, take(bytes, KEY_LENGTH), take(bytes, bytes.remaining()));
            }
            case 3 -> {
                if (n < 9 + 16) {
                    throw new TunnelProtocolException("sealed tunnel frame too short");
                }
                long seq = bytes.getLong();
                return new Sealed(seq, take(bytes, bytes.remaining()));
            }
            case 6 -> {
                return decodeBatch(bytes);
            }
            case 7 -> {
                long up = n == UsageReport.LENGTH ? bytes.getLong() : -1;
                long down = n == UsageReport.LENGTH ? bytes.getLong() : -1;
                if (up < 0 || down < 0) {
                    throw new TunnelProtocolException("usage report must carry two byte counts of 0 or more");
                }
                return new UsageReport(up, down);
            }
            default -> throw new TunnelProtocolException("unknown tunnel message kind " + kind);
        }
    }

    /** Hears the sealed frames of a message where they lie. */
    @FunctionalInterface
    interface SealedVisitor {
        /** One sealed frame: {@code bytes[offset, offset + length)} under sequence number {@code sequence}. */
        void frame(long sequence, byte[] bytes, int offset, int length);
    }

    /**
     * Walks the sealed frames of a {@link Sealed} or {@link Batch} message in order, without copying them, with the
     * checks {@link #decode} makes.
     *
     * @param bytes  the message is {@code bytes[offset, offset + length)}
     * @return false when the message is of another kind (then {@link #decode} says which)
     * @throws TunnelProtocolException naming the problem (too long, too short, a bad frame length)
     */
    static boolean forEachSealed(byte[] bytes, int offset, int length, SealedVisitor visitor) {
        if (length < 1 || length > TunnelProtocol.MAX_MESSAGE) {
            throw new TunnelProtocolException("tunnel message of " + length + " bytes (1 to "
                    + TunnelProtocol.MAX_MESSAGE + " allowed)");
        }
        int kind = bytes[offset] & 0xff;
        if (kind == 3) {
            if (length < 9 + 16) {
                throw new TunnelProtocolException("sealed tunnel frame too short");
            }
            visitor.frame(ByteBuffer.wrap(bytes, offset + 1, 8).getLong(), bytes, offset + 9, length - 9);
            return true;
        }
        if (kind != 6) {
            return false;
        }
        if (length - 1 < 8 + 2 + MIN_SEALED) {
            throw new TunnelProtocolException("tunnel batch too short");
        }
        long seq = ByteBuffer.wrap(bytes, offset + 1, 8).getLong();
        int at = offset + 9;
        int end = offset + length;
        while (at < end) {
            if (end - at < 2) {
                throw new TunnelProtocolException("tunnel batch ends inside a frame length");
            }
            int n = ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
            at += 2;
            if (n < MIN_SEALED || n > end - at) {
                throw new TunnelProtocolException("tunnel batch frame of " + n + " bytes (" + MIN_SEALED
                        + " to the " + (end - at) + " left allowed)");
            }
            visitor.frame(seq++, bytes, at, n);
            at += n;
        }
        return true;
    }

    private static Batch decodeBatch(ByteBuffer bytes) {
        if (bytes.remaining() < 8 + 2 + MIN_SEALED) {
            throw new TunnelProtocolException("tunnel batch too short");
        }
        long seq = bytes.getLong();
        List<byte[]> frames = new ArrayList<>();
        while (bytes.hasRemaining()) {
            if (bytes.remaining() < 2) {
                throw new TunnelProtocolException("tunnel batch ends inside a frame length");
            }
            int length = bytes.getShort() & 0xffff;
            if (length < MIN_SEALED || length > bytes.remaining()) {
                throw new TunnelProtocolException("tunnel batch frame of " + length + " bytes (" + MIN_SEALED
                        + " to the " + bytes.remaining() + " left allowed)");
            }
            frames.add(take(bytes, length));
        }
        return new Batch(seq, frames);
    }

    private static byte[] take(ByteBuffer in, int n) {
        byte[] out = new byte[n];
        in.get(out);
        return out;
    }
}
