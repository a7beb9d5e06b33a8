package io.castellan.client.tunnel;

import io.castellan.model.tunnel.DirectOffer;
import io.castellan.model.tunnel.SwitchableTransport;
import io.castellan.sdk.tunnel.DirectDialer;
import io.castellan.sdk.tunnel.DirectLink;
import io.castellan.sdk.tunnel.RelayClient;
import io.castellan.sdk.tunnel.RelaySocket;
import io.castellan.sdk.tunnel.ChannelEnd;

import io.castellan.crypto.EcKeys;
import io.castellan.crypto.TunnelKeys;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.tunnel.ClientHandshake;
import io.castellan.model.tunnel.TunnelMux;
import io.castellan.model.tunnel.TunnelProtocol;
import io.castellan.model.tunnel.TunnelProtocolException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A running tunnel on the CLI's side: a local listening port whose every accepted connection becomes a stream of one
 * end-to-end encrypted tunnel to a resource's target, through the server's relay and the resource's gateway.
 */
public final class LocalTunnel implements AutoCloseable {

    /** How long the gateway may take to join and answer the key agreement. */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
    /** How long each address of the gateway's direct offer may take to connect and accept. */
    static final Duration DIRECT_TIMEOUT = Duration.ofSeconds(2);
    /**
     * How long the relay socket of a tunnel that ended on its direct path stays open: the gateway, which got the
     * CLOSE on the direct path, reports its last byte counts on its relay socket and closes it first.
     */
    static final long RELAY_LINGER_MS = 2_000;

    private final TunnelTicket ticket;
    private final ServerSocket listener;
    private final TunnelMux mux;
    private final CompletableFuture<String> closed;
    private final String path;

    private LocalTunnel(TunnelTicket ticket, ServerSocket listener, TunnelMux mux, CompletableFuture<String> closed,
            String path) {
        this.path = path;
        this.ticket = ticket;
        this.listener = listener;
        this.mux = mux;
        this.closed = closed;
    }

    /**
     * Binds the local port, opens the tunnel and completes the key agreement.
     *
     * @param api       the tunnel API of the session
     * @param recordUid the resource record
     * @param seed      the record's traffic encryption seed (empty when it has none)
     * @param host      the local address to bind
     * @param port      the local port (0: any free port)
     * @param notes     hears about refused connections (one sentence each)
     * @throws CastellanException naming the failure (port in use, refused by the server, gateway failure)
     */
    public static LocalTunnel start(TunnelApi api, String recordUid, byte[] seed, String host, int port,
            Consumer<String> notes) throws InterruptedException {
        return start(api, recordUid, seed, host, port, true, notes);
    }

    /**
     * Binds the local port, opens the tunnel, completes the key agreement and, when the gateway offers a direct path
     * and {@code direct} allows it, moves the tunnel onto it (else it stays on the relay, with a note saying why).
     *
     * @param api       the tunnel API of the session
     * @param recordUid the resource record
     * @param seed      the record's traffic encryption seed (empty when it has none)
     * @param host      the local address to bind
     * @param port      the local port (0: any free port)
     * @param direct    whether to take the gateway's direct path when it offers one
     * @param notes     hears about refused connections and a direct path that could not be used (one sentence each)
     * @throws CastellanException naming the failure (port in use, refused by the server, gateway failure)
     */
    public static LocalTunnel start(TunnelApi api, String recordUid, byte[] seed, String host, int port,
            boolean direct, Consumer<String> notes) throws InterruptedException {
        ServerSocket listener;
        try {
            listener = ServerSocketChannel.open().socket(); // accepted sockets have channels (ChannelEnd)
            listener.bind(new InetSocketAddress(host, port), 128);
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.CONFLICT, "cannot listen on " + host + ":" + port + ": "
                    + e.getMessage());
        }
        try {
            return open(api, recordUid, seed, listener, direct, notes);
        } catch (RuntimeException | InterruptedException e) {
            closeQuietly(listener);
            throw e;
        }
    }

    private static LocalTunnel open(TunnelApi api, String recordUid, byte[] seed, ServerSocket listener,
            boolean direct, Consumer<String> notes) throws InterruptedException {
        TunnelTicket ticket = api.open(recordUid);
        URI server = api.transport().server();
        String scheme = "https".equals(server.getScheme()) ? "wss" : "ws";
        URI uri = URI.create(scheme + "://" + server.getRawAuthority() + ticket.connectPath());
        RelaySocket socket;
        TunnelKeys keys;
        RelayClient relay;
        try {
            relay = new RelayClient(api.transport().trust().sslContext(), "tunnel-" + ticket.tunnelId());
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.UNAVAILABLE, e.getMessage());
        }
        try {
            socket = RelaySocket.connect(relay, uri, TunnelProtocol.BEARER + ticket.token(), Duration.ofSeconds(10));
        } catch (IOException e) {
            relay.close();
            throw new CastellanException(ErrorCode.UNAVAILABLE, e.getMessage());
        }
        try {
            ClientHandshake handshake = new ClientHandshake(ticket.tunnelId(),
                    EcKeys.publicKeyFromRaw(ticket.gatewayKey()), seed);
            socket.send(handshake.hello());
            keys = handshake.finish(socket.awaitFirst(HANDSHAKE_TIMEOUT));
        } catch (IOException e) {
            socket.close("key agreement failed");
            stopLater(relay);
            throw new CastellanException(ErrorCode.GATEWAY_OFFLINE, "the gateway did not establish tunnel "
                    + ticket.tunnelId() + ": " + e.getMessage() + " (see 'pam action job-info " + ticket.jobId()
                    + "')");
        } catch (TunnelProtocolException e) {
            socket.close("key agreement failed");
            stopLater(relay);
            throw new CastellanException(ErrorCode.UNAUTHENTICATED, "tunnel " + ticket.tunnelId() + ": "
                    + e.getMessage());
        }
        CompletableFuture<String> closed = new CompletableFuture<>();
        SwitchableTransport transport = new SwitchableTransport(socket, reason -> CompletableFuture
                .delayedExecutor(RELAY_LINGER_MS, TimeUnit.MILLISECONDS).execute(() -> socket.close(reason)));
        TunnelMux mux = TunnelMux.client(keys, transport, new TunnelMux.Listener() {
            @Override
            public void streamRefused(int stream, String reason) {
                notes.accept("connection " + stream + " refused: " + reason);
            }

            @Override
            public void closed(String reason, boolean clean) {
                closeQuietly(listener);
                stopLater(relay);
                closed.complete(reason);
            }
        });
        keys.wipe();
        String path = takeDirectPath(ticket, socket, mux, transport, direct, notes);
        socket.attach(mux);
        LocalTunnel tunnel = new LocalTunnel(ticket, listener, mux, closed, path);
        Thread.ofVirtual().name("tunnel-accept-" + ticket.tunnelId()).start(tunnel::acceptLoop);
        return tunnel;
    }

    /**
     * Reads the gateway's direct-path offer (its first sealed frame) and, when there is one and {@code direct}
     * allows it, dials it and moves the tunnel onto it; the tunnel stays on the relay otherwise.
     *
     * @return where the tunnel runs ({@code "direct HOST:PORT"} or {@code "relay"})
     */
    private static String takeDirectPath(TunnelTicket ticket, RelaySocket socket, TunnelMux mux,
            SwitchableTransport transport, boolean direct, Consumer<String> notes) throws InterruptedException {
        try {
            mux.receive(socket.awaitFirst(HANDSHAKE_TIMEOUT));
        } catch (IOException e) {
            mux.close("no direct-path offer");
            throw new CastellanException(ErrorCode.GATEWAY_OFFLINE, "tunnel " + ticket.tunnelId() + ": the gateway"
                    + " went away after the key agreement: " + e.getMessage());
        }
        DirectOffer offer = mux.directOffer();
        if (offer == null) {
            mux.close("no direct-path offer");
            throw new CastellanException(ErrorCode.UNAUTHENTICATED, "tunnel " + ticket.tunnelId() + ": the gateway's"
                    + " first frame was not its direct-path offer");
        }
        if (!offer.available() || !direct) {
            return "relay";
        }
        try {
            DirectLink link = DirectDialer.dial(offer, ticket.tunnelId(), DIRECT_TIMEOUT);
            transport.switchTo(link);
            link.start(mux);
            return "direct " + link.peer();
        } catch (IOException e) {
            notes.accept(e.getMessage() + "; the tunnel goes through the server's relay");
            return "relay";
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                s.setTcpNoDelay(true);
                mux.open(new ChannelEnd(s.getChannel()));
            } catch (IOException e) {
                closeQuietly(s);
            }
        }
    }

    /** @return the bound local port */
    public int port() {
        return listener.getLocalPort();
    }

    /** @return the bound local address */
    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    /** @return the tunnel id (for {@code pam tunnel list} and {@code stop}) */
    public String tunnelId() {
        return ticket.tunnelId();
    }

    /** @return where the tunnel's frames go: {@code "direct HOST:PORT"} (to the gateway) or {@code "relay"} */
    public String path() {
        return path;
    }

    /** @return the multiplexer (byte counts, open streams) */
    public TunnelMux mux() {
        return mux;
    }

    /** Waits until the tunnel ends; returns why. */
    public String awaitClosed() throws InterruptedException {
        try {
            return closed.get();
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        }
    }

    /** @return completes with the reason when the tunnel ends */
    public CompletableFuture<String> closedFuture() {
        return closed;
    }

    @Override
    public void close() {
        mux.close("stopped by the CLI");
        closeQuietly(listener);
    }

    /**
     * Stops the tunnel's WebSocket client once its close handshake had its time (the socket gives the relay 5 s), and
     * not on the client's own thread, which may be the one telling us the tunnel ended.
     */
    private static void stopLater(RelayClient relay) {
        CompletableFuture.delayedExecutor(6, TimeUnit.SECONDS).execute(relay::close);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing
        }
    }
}
