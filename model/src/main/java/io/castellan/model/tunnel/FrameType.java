package io.castellan.model.tunnel;

/** What a sealed {@link Frame} means; the byte is its wire code. */
public enum FrameType {
    /** CLI → gateway: open stream N to the target (empty payload). */
    OPEN(1),
    /** Gateway → CLI: stream N is connected to the target. */
    OPENED(2),
    /** Gateway → CLI: stream N could not connect; payload: UTF-8 reason. */
    REFUSED(3),
    /** Bytes of stream N (1 to {@link TunnelProtocol#MAX_PAYLOAD}). */
    DATA(4),
    /** The receiver wrote this many more bytes of stream N out: 4-byte big-endian grant. */
    CREDIT(5),
    /** The sender will send no more bytes on stream N (half-close). */
    FIN(6),
    /** Stream N is aborted; payload: UTF-8 reason. */
    RESET(7),
    /** The tunnel ends cleanly (stream 0); payload: UTF-8 reason. A socket that ends without it was truncated. */
    CLOSE(8),
    /**
     * Gateway → CLI, once, the gateway's first sealed frame (stream 0): whether and where the CLI may reach the
     * gateway directly ({@link DirectOffer}).
     */
    DIRECT(9);

    final int code;

    FrameType(int code) {
        this.code = code;
    }

    static FrameType of(int code) {
        for (FrameType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new TunnelProtocolException("unknown tunnel frame type " + code);
    }
}
