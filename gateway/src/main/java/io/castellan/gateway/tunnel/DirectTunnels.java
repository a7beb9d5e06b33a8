package io.castellan.gateway.tunnel;

import io.castellan.crypto.CastellanRandom;
import io.castellan.model.tunnel.DirectOffer;
import io.castellan.model.tunnel.SwitchableTransport;
import io.castellan.model.tunnel.TunnelMux;
import io.castellan.model.tunnel.TunnelProtocol;
import io.castellan.model.tunnel.WireMessage;
import io.castellan.sdk.tunnel.DirectLink;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's direct tunnel port ({@link DirectSettings}): every tunnel established through the relay gets a
 * one-time token in its sealed {@link DirectOffer}; a TCP connection that presents it (after
 * {@link TunnelProtocol#directMagic}) within {@link #OFFER_LIFETIME} becomes the tunnel's transport
 * ({@link SwitchableTransport}); any other connection is closed without a word. While a tunnel runs direct, its byte
 * counts go to the relay every {@link #REPORT_INTERVAL} and when it ends ({@link WireMessage.UsageReport}), so the
 * server's list and audit stay true.
 *
 * <p>The port is exposed to the network, so it reads at most 40 bytes from a connection before it has proved itself,
 * within {@link #PREAMBLE_TIMEOUT}, and at most {@link #MAX_HANDSHAKING} connections at a time.
 */
public final class DirectTunnels implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DirectTunnels.class);
    /** How long an offer's token stays good. */
    static final Duration OFFER_LIFETIME = Duration.ofSeconds(60);
    /** How long a new connection may take to send its preamble. */
    static final Duration PREAMBLE_TIMEOUT = Duration.ofSeconds(5);
    /** How often a direct tunnel's byte counts go to the relay. */
    static final Duration REPORT_INTERVAL = Duration.ofSeconds(5);
    /** Connections that have not yet presented a token, at most. */
    static final int MAX_HANDSHAKING = 64;

    /** A tunnel that offered the direct path and was not taken up yet. */
    private record Offered(String tunnelId, TunnelMux mux, SwitchableTransport transport,
                           TunnelMux.Transport relay, long deadlineNanos) {
    }

    /** A tunnel on its direct path. */
    private record Direct(String tunnelId, DirectLink link, TunnelMux.Transport relay) {
    }

    private final DirectSettings settings;
    private final ServerSocket server;
    private final Map<String, Offered> offered = new ConcurrentHashMap<>(); // by the token's SHA-256
    private final Map<String, Direct> direct = new ConcurrentHashMap<>(); // by tunnel id
    private final AtomicInteger handshaking = new AtomicInteger();
    private volatile boolean closed;

    private DirectTunnels(DirectSettings settings, ServerSocket server) {
        this.settings = settings;
        this.server = server;
    }

    /**
     * Binds the port and starts taking connections.
     *
     * @throws IOException naming the address that could not be bound
     */
    public static DirectTunnels start(DirectSettings settings) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(settings.listenHost(), settings.port()), 128);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen for direct tunnels on " + settings.listenHost() + ":"
                    + settings.port() + ": " + e.getMessage());
        }
        DirectTunnels tunnels = new DirectTunnels(settings, server);
        Thread.ofVirtual().name("tunnel-direct-accept").start(tunnels::acceptLoop);
        Thread.ofVirtual().name("tunnel-direct-reports").start(tunnels::reportLoop);
        LOG.info("direct tunnel path listening on {}, advertised as {} port {}", server.getLocalSocketAddress(),
                String.join(",", settings.advertise()), tunnels.advertisedPort());
        return tunnels;
    }

    /** @return the bound port */
    public int port() {
        return server.getLocalPort();
    }

    /** @return the port the offers name: {@code --tunnel-advertise-port}, else the bound one */
    public int advertisedPort() {
        return settings.advertisePort() != 0 ? settings.advertisePort() : server.getLocalPort();
    }

    /**
     * Registers a tunnel for its direct path; the offer goes to the CLI sealed.
     *
     * @param tunnelId  the tunnel (log lines)
     * @param mux       the tunnel's gateway end
     * @param transport its transport, still on the relay
     * @param relay     the relay socket (usage reports)
     * @return the offer to send
     */
    public DirectOffer offer(String tunnelId, TunnelMux mux, SwitchableTransport transport,
            TunnelMux.Transport relay) {
        if (closed) {
            return DirectOffer.NONE;
        }
        byte[] token = CastellanRandom.bytes(DirectOffer.TOKEN_LENGTH);
        offered.put(key(token), new Offered(tunnelId, mux, transport, relay,
                System.nanoTime() + OFFER_LIFETIME.toNanos()));
        DirectOffer offer = DirectOffer.of(token, advertisedPort(), settings.advertise());
        java.util.Arrays.fill(token, (byte) 0);
        return offer;
    }

    /**
     * The tunnel ended: an offer not taken up is withdrawn; a direct tunnel's final byte counts go to the relay.
     *
     * @return whether the tunnel ran direct
     */
    public boolean ended(String tunnelId) {
        offered.values().removeIf(o -> o.tunnelId().equals(tunnelId));
        Direct d = direct.remove(tunnelId);
        if (d == null) {
            return false;
        }
        report(d);
        return true;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("the direct tunnel port stopped taking connections: {}", e.getClass().getSimpleName());
                }
                return;
            }
            if (handshaking.incrementAndGet() > MAX_HANDSHAKING) {
                handshaking.decrementAndGet();
                closeQuietly(s);
                continue;
            }
            Thread.ofVirtual().name("tunnel-direct-preamble").start(() -> {
                try {
                    takeUp(s);
                } finally {
                    handshaking.decrementAndGet();
                }
            });
        }
    }

    /** Reads the preamble; a connection with the right magic and a live token becomes that tunnel's transport. */
    private void takeUp(Socket s) {
        String from = String.valueOf(s.getRemoteSocketAddress());
        Offered o;
        byte[] preamble = null;
        try {
            s.setSoTimeout((int) PREAMBLE_TIMEOUT.toMillis());
            InputStream in = s.getInputStream();
            byte[] magic = TunnelProtocol.directMagic();
            preamble = in.readNBytes(magic.length + DirectOffer.TOKEN_LENGTH);
            if (preamble.length != magic.length + DirectOffer.TOKEN_LENGTH
                    || !java.util.Arrays.equals(preamble, 0, magic.length, magic, 0, magic.length)) {
                LOG.warn("direct tunnel connection from {} is not a Castellan CLI of protocol version {}: closed",
                        from, TunnelProtocol.VERSION);
                closeQuietly(s);
                return;
            }
            byte[] token = java.util.Arrays.copyOfRange(preamble, magic.length, preamble.length);
            o = offered.remove(key(token));
            java.util.Arrays.fill(token, (byte) 0);
            if (o == null || System.nanoTime() - o.deadlineNanos() > 0 || o.mux().closed()) {
                LOG.warn("direct tunnel connection from {} presented an unknown, used or expired token: closed",
                        from);
                closeQuietly(s);
                return;
            }
            s.setSoTimeout(0);
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            DirectLink link = new DirectLink(s, o.tunnelId());
            s.getOutputStream().write(TunnelProtocol.DIRECT_ACCEPTED);
            // by the protocol nothing is in flight: the gateway sends nothing between its offer and the CLI's first
            // frame, which comes only after the answer just written
            o.transport().switchTo(link);
            Direct d = new Direct(o.tunnelId(), link, o.relay());
            direct.put(o.tunnelId(), d);
            link.start(o.mux());
            report(d);
            LOG.info("tunnel {} runs direct to the CLI at {}", o.tunnelId(), from);
        } catch (IOException | RuntimeException e) {
            LOG.warn("direct tunnel connection from {} failed: {}", from, e.getClass().getSimpleName());
            closeQuietly(s);
        } finally {
            if (preamble != null) {
                java.util.Arrays.fill(preamble, (byte) 0);
            }
        }
    }

    private void reportLoop() {
        while (!closed) {
            try {
                Thread.sleep(REPORT_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            offered.values().removeIf(o -> now - o.deadlineNanos() > 0 || o.mux().closed());
            direct.values().forEach(DirectTunnels::report);
        }
    }

    /** Sends the link's byte counts to the relay: up is what the CLI sent, down what the gateway sent. */
    private static void report(Direct d) {
        try {
            d.relay().send(new WireMessage.UsageReport(d.link().bytesIn(), d.link().bytesOut()).encode());
        } catch (IOException | RuntimeException e) {
            LOG.debug("tunnel {}: byte counts not reported: {}", d.tunnelId(), e.getClass().getSimpleName());
        }
    }

    /** The token's SHA-256, hex: the map never holds a token, and a lookup's timing says nothing about one. */
    private static String key(byte[] token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        offered.clear();
    }
}
