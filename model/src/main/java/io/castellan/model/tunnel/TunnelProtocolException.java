package io.castellan.model.tunnel;

/** The peer broke the tunnel protocol (malformed, out of window, unknown stream); the tunnel is closed. */
public final class TunnelProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TunnelProtocolException(String message) {
        super(message);
    }
}
