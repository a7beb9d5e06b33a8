package io.castellan.model.tunnel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A frame sealed inside a tunnel message: {@code type (1) ‖ stream (4, big-endian) ‖ payload}. Decoding is strict:
 * every type has its payload rule, and stream 0 belongs to {@link FrameType#CLOSE} and {@link FrameType#DIRECT} alone.
 *
 * @param type    what it means
 * @param stream  the stream id (positive; 0 for CLOSE and DIRECT)
 * @param payload the bytes (not copied)
 */
public record Frame(FrameType type, int stream, byte[] payload) {

    static final int HEADER = 5;
    private static final byte[] EMPTY = new byte[0];

    public static Frame open(int stream) {
        return new Frame(FrameType.OPEN, stream, EMPTY);
    }

    public static Frame opened(int stream) {
        return new Frame(FrameType.OPENED, stream, EMPTY);
    }

    public static Frame data(int stream, byte[] bytes) {
        return new Frame(FrameType.DATA, stream, bytes);
    }

    public static Frame credit(int stream, int grant) {
        return new Frame(FrameType.CREDIT, stream, ByteBuffer.allocate(4).putInt(grant).array());
    }

    public static Frame fin(int stream) {
        return new Frame(FrameType.FIN, stream, EMPTY);
    }

    public static Frame refused(int stream, String reason) {
        return new Frame(FrameType.REFUSED, stream, reason(reason));
    }

    public static Frame reset(int stream, String reason) {
        return new Frame(FrameType.RESET, stream, reason(reason));
    }

    public static Frame close(String reason) {
        return new Frame(FrameType.CLOSE, 0, reason(reason));
    }

    public static Frame direct(DirectOffer offer) {
        return new Frame(FrameType.DIRECT, 0, offer.encode());
    }

    /** @return the CREDIT grant */
    public int grant() {
        return ByteBuffer.wrap(payload).getInt();
    }

    /** @return the REFUSED, RESET or CLOSE reason, printable */
    public String reason() {
        return TunnelProtocol.printable(new String(payload, StandardCharsets.UTF_8));
    }

    public byte[] encode() {
        return ByteBuffer.allocate(HEADER + payload.length).put((byte) type.code).putInt(stream).put(payload).array();
    }

    /**
     * For an opened frame whose type byte is DATA: checks it as {@link #decode} would and returns its stream id,
     * leaving the payload (from {@link #HEADER} on) where it is.
     *
     * @throws TunnelProtocolException naming what is wrong
     */
    static int dataStream(byte[] plain) {
        if (plain.length < HEADER) {
            throw new TunnelProtocolException("tunnel frame shorter than its header");
        }
        int stream = ByteBuffer.wrap(plain, 1, 4).getInt();
        if (stream <= 0) {
            throw new TunnelProtocolException(FrameType.DATA + " frame on stream " + stream);
        }
        int n = plain.length - HEADER;
        if (n < 1 || n > TunnelProtocol.MAX_PAYLOAD) {
            throw new TunnelProtocolException(FrameType.DATA + " frame with a bad payload of " + n + " bytes");
        }
        return stream;
    }

    /** @throws TunnelProtocolException naming what is wrong */
    public static Frame decode(byte[] bytes) {
        if (bytes.length < HEADER) {
            throw new TunnelProtocolException("tunnel frame shorter than its header");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        FrameType type = FrameType.of(in.get() & 0xff);
        int stream = in.getInt();
        byte[] payload = new byte[in.remaining()];
        in.get(payload);
        Frame frame = new Frame(type, stream, payload);
        frame.check();
        return frame;
    }

    private void check() {
        if ((type == FrameType.CLOSE || type == FrameType.DIRECT) != (stream == 0) || stream < 0) {
            throw new TunnelProtocolException(type + " frame on stream " + stream);
        }
        int n = payload.length;
        boolean ok = switch (type) {
            case OPEN, OPENED, FIN -> n == 0;
            case DATA -> n >= 1 && n <= TunnelProtocol.MAX_PAYLOAD;
            case CREDIT -> n == 4 && grant() > 0 && grant() <= TunnelProtocol.MAX_WINDOW;
            case REFUSED, RESET, CLOSE -> n <= TunnelProtocol.MAX_REASON;
            case DIRECT -> n >= 1 && n <= DirectOffer.MAX_ENCODED;
        };
        if (!ok) {
            throw new TunnelProtocolException(type + " frame with a bad payload of " + n + " bytes");
        }
    }

    private static byte[] reason(String reason) {
        byte[] bytes = TunnelProtocol.printable(reason).getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= TunnelProtocol.MAX_REASON) {
            return bytes;
        }
        return java.util.Arrays.copyOf(bytes, TunnelProtocol.MAX_REASON);
    }
}
