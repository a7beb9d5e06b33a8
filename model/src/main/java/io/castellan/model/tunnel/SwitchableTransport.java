package io.castellan.model.tunnel;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A tunnel's transport that starts on the relay and may move, once, to the direct path between the CLI and the
 * gateway. The move happens when nothing is in flight by the protocol's order: the CLI moves after the gateway's
 * offer and before its first frame; the gateway moves when the CLI's direct connection presents the offer's token,
 * and it sends nothing between its offer and the CLI's first frame. The relay socket stays open as the tunnel's
 * control line (the server ends the tunnel, e.g. on revocation, by closing it), so closing this transport closes
 * the direct path and then hands the relay to {@code relayAfterDirect}.
 */
public final class SwitchableTransport implements TunnelMux.Transport {

    private final TunnelMux.Transport relay;
    private final Consumer<String> relayAfterDirect;
    private volatile TunnelMux.Transport direct;

    /**
     * @param relay            the relay socket
     * @param relayAfterDirect closes the relay once a tunnel that went direct ends (the gateway reports its byte
     *                         counts first; the CLI lets the gateway do so)
     */
    public SwitchableTransport(TunnelMux.Transport relay, Consumer<String> relayAfterDirect) {
        this.relay = Objects.requireNonNull(relay, "relay");
        this.relayAfterDirect = Objects.requireNonNull(relayAfterDirect, "relayAfterDirect");
    }

    /**
     * Sends everything from now on over {@code path}.
     *
     * @throws IllegalStateException when the transport moved already
     */
    public synchronized void switchTo(TunnelMux.Transport path) {
        if (direct != null) {
            throw new IllegalStateException("the tunnel is on its direct path already");
        }
        direct = Objects.requireNonNull(path, "path");
    }

    /** @return whether the tunnel's frames go over the direct path */
    public boolean isDirect() {
        return direct != null;
    }

    @Override
    public void send(byte[] message) throws IOException {
        TunnelMux.Transport d = direct;
        (d != null ? d : relay).send(message);
    }

    @Override
    public boolean sendWithHeadroom(byte[] buffer, int offset, int length) throws IOException {
        TunnelMux.Transport d = direct;
        return (d != null ? d : relay).sendWithHeadroom(buffer, offset, length);
    }

    @Override
    public void close(String reason) {
        TunnelMux.Transport d = direct;
        if (d == null) {
            relay.close(reason);
            return;
        }
        d.close(reason);
        relayAfterDirect.accept(reason);
    }
}
