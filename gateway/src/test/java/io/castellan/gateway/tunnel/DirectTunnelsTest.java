package io.castellan.gateway.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.EcKeys;
import io.castellan.crypto.TunnelKeys;
import io.castellan.model.error.CastellanException;
import io.castellan.model.tunnel.ClientHandshake;
import io.castellan.model.tunnel.DirectOffer;
import io.castellan.model.tunnel.GatewayHandshake;
import io.castellan.model.tunnel.SwitchableTransport;
import io.castellan.model.tunnel.TunnelMux;
import io.castellan.model.tunnel.TunnelProtocol;
import io.castellan.model.tunnel.WireMessage;
import io.castellan.sdk.tunnel.DirectDialer;
import io.castellan.sdk.tunnel.DirectLink;
import io.castellan.sdk.tunnel.ChannelEnd;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The direct path with its real parts: the gateway's {@link DirectTunnels} port, the CLI's {@link DirectDialer}, two
 * real multiplexers that did the key agreement, an in-memory relay between them that counts what it carries, and a
 * real TCP echo target.
 */
@Timeout(60)
class DirectTunnelsTest {

    private static final String TUNNEL = "direct-tunnels-test-0001";
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    /** One direction of the in-memory relay: messages in order on one thread, counted. */
    private static final class Pipe implements TunnelMux.Transport {
        final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        final AtomicInteger carried = new AtomicInteger();
        volatile TunnelMux target;

        Pipe() {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        byte[] m = queue.take();
                        target.receive(ByteBuffer.wrap(m));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @Override
        public void send(byte[] message) {
            carried.incrementAndGet();
            queue.add(message);
        }

        @Override
        public void close(String reason) {
        }
    }

    /** What the gateway sends its relay socket besides frames: usage reports. */
    private static final class ReportSink implements TunnelMux.Transport {
        final List<WireMessage.UsageReport> reports = new CopyOnWriteArrayList<>();

        @Override
        public void send(byte[] message) {
            reports.add((WireMessage.UsageReport) WireMessage.decode(ByteBuffer.wrap(message)));
        }

        @Override
        public void close(String reason) {
        }
    }

    private record Ends(TunnelMux client, SwitchableTransport clientTransport, TunnelMux gateway, Pipe toGateway,
                        Pipe toClient, ReportSink reports, DirectTunnels direct, DirectOffer offer,
                        CompletableFuture<String> gatewayRelayClosed) {
    }

    /** Key agreement, both muxes on the relay, the gateway's offer sent and received. */
    private Ends ends(int targetPort) throws Exception {
        return ends(targetPort, new DirectSettings("127.0.0.1", 0, List.of("127.0.0.1"), 0));
    }

    private Ends ends(int targetPort, DirectSettings settings) throws Exception {
        DirectTunnels direct = DirectTunnels.start(settings);
        cleanup.add(direct);
        KeyPair device = EcKeys.generateKeyPair();
        ClientHandshake ch = new ClientHandshake(TUNNEL, (ECPublicKey) device.getPublic(), new byte[0]);
        GatewayHandshake gh = GatewayHandshake.answer(TUNNEL, ByteBuffer.wrap(ch.hello()),
                (ECPrivateKey) device.getPrivate(), new byte[0]);
        TunnelKeys ck = ch.finish(ByteBuffer.wrap(gh.answer()));
        Pipe toGateway = new Pipe();
        Pipe toClient = new Pipe();
        ReportSink reports = new ReportSink();
        CompletableFuture<String> gatewayRelayClosed = new CompletableFuture<>();
        SwitchableTransport gatewayTransport = new SwitchableTransport(toClient, reason -> {
            direct.ended(TUNNEL); // as TunnelOpenHandler: the last counts before the relay closes
            gatewayRelayClosed.complete(reason);
        });
        TunnelMux gateway = TunnelMux.gateway(gh.keys(), gatewayTransport, stream -> {
            return new ChannelEnd(SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    targetPort)));
        }, TunnelMux.Listener.NONE);
        SwitchableTransport clientTransport = new SwitchableTransport(toGateway, reason -> { });
        TunnelMux client = TunnelMux.client(ck, clientTransport, TunnelMux.Listener.NONE);
        toGateway.target = gateway;
        toClient.target = client;
        DirectOffer offer = direct.offer(TUNNEL, gateway, gatewayTransport, reports);
        gateway.sendDirectOffer(offer);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.directOffer() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(client.directOffer()).as("the offer arrived sealed through the relay").isEqualTo(offer);
        return new Ends(client, clientTransport, gateway, toGateway, toClient, reports, direct, offer,
                gatewayRelayClosed);
    }

    private int echoServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        cleanup.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException e) {
                            // the test ended it
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    /** Writes {@code bytes} to {@code s} and half-closes it, on its own thread; a failure shows in what is read back. */
    private static void sendInBackground(Socket s, byte[] bytes) {
        Thread.ofVirtual().start(() -> {
            try {
                s.getOutputStream().write(bytes);
                s.shutdownOutput();
            } catch (IOException x) {
                // the caller's read or comparison fails then
            }
        });
    }

    /** A local connection whose far side is a stream of {@code mux}; returns the near side. */
    private Socket openStream(TunnelMux mux) throws IOException {
        try (ServerSocketChannel pair = ServerSocketChannel.open()) {
            pair.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            Socket near = new Socket(InetAddress.getLoopbackAddress(), pair.socket().getLocalPort());
            SocketChannel far = pair.accept();
            cleanup.add(near);
            mux.open(new ChannelEnd(far));
            return near;
        }
    }

    @Test
    void aTunnelMovesToTheDirectPathTheRelayCarriesNoFrameAfterItAndTheBytesAreReported() throws Exception {
        Ends e = ends(echoServer());
        DirectLink link = DirectDialer.dial(e.offer(), TUNNEL, Duration.ofSeconds(2));
        e.clientTransport().switchTo(link);
        link.start(e.client());
        int relayedUp = e.toGateway().carried.get();
        int relayedDown = e.toClient().carried.get();

        byte[] sent = new byte[3 * 1024 * 1024 + 17];
        new SecureRandom().nextBytes(sent);
        Socket near = openStream(e.client());
        sendInBackground(near, sent);
        byte[] echoed = near.getInputStream().readAllBytes();
        assertThat(Arrays.equals(echoed, sent)).as("echoed " + echoed.length + " of " + sent.length + " bytes")
                .isTrue();
        assertThat(e.toGateway().carried.get()).as("frames up the relay after the move").isEqualTo(relayedUp);
        assertThat(e.toClient().carried.get()).as("frames down the relay after the move").isEqualTo(relayedDown);

        e.client().close("done");
        assertThat(e.gatewayRelayClosed().get(10, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(e.gateway().closed()).isTrue();
        WireMessage.UsageReport first = e.reports().reports.get(0);
        WireMessage.UsageReport last = e.reports().reports.getLast();
        assertThat(first).as("reported as soon as the tunnel went direct").isEqualTo(
                new WireMessage.UsageReport(0, 0));
        assertThat(last.bytesUp()).as("wire bytes up, sealed, at least the payload").isGreaterThan(sent.length);
        assertThat(last.bytesDown()).isGreaterThan(sent.length);
        assertThat(last.bytesUp()).isEqualTo(link.bytesOut());
    }

    @Test
    void aTargetThatStopsReadingStallsNeitherTheDirectPathNorTheOtherStreamsAndLosesNoByte() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<byte[]> heldGot = new CompletableFuture<>();
        Ends e = ends(firstConnectionHeld(release, heldGot, echoServer()));
        DirectLink link = DirectDialer.dial(e.offer(), TUNNEL, Duration.ofSeconds(2));
        e.clientTransport().switchTo(link);
        link.start(e.client());

        byte[] held = new byte[12 * 1024 * 1024]; // far beyond the socket buffers and the stream's window
        new SecureRandom().nextBytes(held);
        Socket stuck = openStream(e.client());
        sendInBackground(stuck, held);
        Thread.sleep(1000); // the held target's buffers fill; the gateway writes no more to it without blocking

        // meanwhile other streams of the tunnel go on: the gateway's receiving thread never waited on the held one
        for (int i = 0; i < 3; i++) {
            byte[] sent = new byte[512 * 1024];
            new SecureRandom().nextBytes(sent);
            Socket near = openStream(e.client());
            near.setSoTimeout(20_000); // a stalled tunnel fails the test instead of hanging it
            sendInBackground(near, sent);
            assertThat(Arrays.mismatch(near.getInputStream().readAllBytes(), sent)).as("stream " + i + ": the first"
                    + " byte out of place").isEqualTo(-1);
        }
        assertThat(heldGot).isNotDone();

        release.countDown();
        byte[] got = heldGot.get(20, TimeUnit.SECONDS);
        assertThat(Arrays.mismatch(got, held)).as("the held stream's first byte out of place").isEqualTo(-1);
        assertThat(e.client().closed()).isFalse();
        e.client().close("done");
    }

    /**
     * A target whose first connection reads nothing until {@code release}, then everything to its end (into
     * {@code got}); later connections go to the target at {@code otherPort}.
     */
    private int firstConnectionHeld(CountDownLatch release, CompletableFuture<byte[]> got, int otherPort)
            throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        cleanup.add(server);
        Thread.ofVirtual().start(() -> {
            boolean first = true;
            while (!server.isClosed()) {
                try {
                    Socket next = server.accept();
                    Thread.ofVirtual().start(first ? () -> hold(next, release, got) : () -> forward(next, otherPort));
                    first = false;
                } catch (IOException x) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private static void hold(Socket s, CountDownLatch release, CompletableFuture<byte[]> got) {
        try (s) {
            release.await();
            got.complete(s.getInputStream().readAllBytes());
        } catch (IOException | InterruptedException x) {
            got.completeExceptionally(x);
        }
    }

    /** Joins {@code s} to a new connection to {@code port}, both ways. */
    private static void forward(Socket s, int port) {
        try (s; Socket to = new Socket(InetAddress.getLoopbackAddress(), port)) {
            Thread up = Thread.ofVirtual().start(() -> {
                try {
                    s.getInputStream().transferTo(to.getOutputStream());
                    to.shutdownOutput();
                } catch (IOException x) {
                    // one side went away
                }
            });
            to.getInputStream().transferTo(s.getOutputStream());
            s.shutdownOutput();
            up.join();
        } catch (IOException | InterruptedException x) {
            // one side went away
        }
    }

    @Test
    void behindAPortForwardTheOfferNamesTheAdvertisedPortAndTheTunnelGoesDirectThroughIt() throws Exception {
        ServerSocket forwarded = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); // the forward's far end
        cleanup.add(forwarded);
        Ends e = ends(echoServer(), new DirectSettings("127.0.0.1", 0, List.of("127.0.0.1"),
                forwarded.getLocalPort()));
        assertThat(e.offer().port()).isEqualTo(forwarded.getLocalPort()).isNotEqualTo(e.direct().port());
        Thread.ofVirtual().start(() -> {
            while (!forwarded.isClosed()) {
                try {
                    Socket next = forwarded.accept();
                    Thread.ofVirtual().start(() -> forward(next, e.direct().port()));
                } catch (IOException x) {
                    return;
                }
            }
        });
        DirectLink link = DirectDialer.dial(e.offer(), TUNNEL, Duration.ofSeconds(2));
        assertThat(link.peer()).endsWith(":" + forwarded.getLocalPort());
        e.clientTransport().switchTo(link);
        link.start(e.client());
        int relayedUp = e.toGateway().carried.get();
        byte[] sent = new byte[256 * 1024];
        new SecureRandom().nextBytes(sent);
        Socket near = openStream(e.client());
        near.setSoTimeout(20_000);
        near.getOutputStream().write(sent);
        near.shutdownOutput();
        assertThat(Arrays.mismatch(near.getInputStream().readAllBytes(), sent)).isEqualTo(-1);
        assertThat(e.toGateway().carried.get()).as("frames up the relay after the move").isEqualTo(relayedUp);
        e.client().close("done");
    }

    @Test
    void aConnectionWithoutTheMagicOrWithAnotherTokenIsClosedAndTheOfferStaysGood() throws Exception {
        Ends e = ends(echoServer());
        byte[] otherToken = new byte[DirectOffer.TOKEN_LENGTH];
        new SecureRandom().nextBytes(otherToken);
        int port = e.offer().port();
        assertThat(preambleAnswer(port, concat(TunnelProtocol.directMagic(), otherToken))).as("another token")
                .isEqualTo(-1);
        byte[] oldMagic = TunnelProtocol.directMagic();
        oldMagic[7] = 3;
        assertThat(preambleAnswer(port, concat(oldMagic, e.offer().token()))).as("another protocol version")
                .isEqualTo(-1);
        assertThat(preambleAnswer(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n1234567890123".getBytes()))
                .as("not a CLI at all").isEqualTo(-1);
        assertThat(preambleAnswer(port, new byte[3])).as("a short preamble, then the end").isEqualTo(-1);

        DirectLink link = DirectDialer.dial(e.offer(), TUNNEL, Duration.ofSeconds(2));
        assertThat(link.peer()).contains("127.0.0.1");
        link.close("test");
    }

    @Test
    void aTokenIsGoodForOneConnection() throws Exception {
        Ends e = ends(echoServer());
        DirectLink link = DirectDialer.dial(e.offer(), TUNNEL, Duration.ofSeconds(2));
        cleanup.add(() -> link.close("test"));
        assertThat(preambleAnswer(e.offer().port(), concat(TunnelProtocol.directMagic(), e.offer().token())))
                .isEqualTo(-1);
        assertThatThrownBy(() -> DirectDialer.dial(e.offer(), TUNNEL, Duration.ofSeconds(2)))
                .isInstanceOf(IOException.class)
                .hasMessage("no direct path to the gateway (127.0.0.1:" + e.offer().port()
                        + " did not take the tunnel's token)");
    }

    @Test
    void anOfferIsWithdrawnWhenTheTunnelEndsOnTheRelay() throws Exception {
        Ends e = ends(echoServer());
        e.client().close("ended before going direct");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!e.gateway().closed() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(e.direct().ended(TUNNEL)).as("it never ran direct").isFalse();
        assertThat(preambleAnswer(e.offer().port(), concat(TunnelProtocol.directMagic(), e.offer().token())))
                .isEqualTo(-1);
        assertThat(e.reports().reports).isEmpty();
    }

    @Test
    void aConnectionThatSaysNothingIsClosedAfterThePreambleTimeout() throws Exception {
        Ends e = ends(echoServer());
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), e.offer().port())) {
            s.setSoTimeout((int) DirectTunnels.PREAMBLE_TIMEOUT.plusSeconds(5).toMillis());
            long start = System.nanoTime();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void theDialerNamesWhyEachAddressFailed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        byte[] token = new byte[DirectOffer.TOKEN_LENGTH];
        DirectOffer offer = DirectOffer.of(token, closedPort, List.of("127.0.0.1", "no-such-host.invalid"));
        assertThatThrownBy(() -> DirectDialer.dial(offer, TUNNEL, Duration.ofSeconds(2)))
                .isInstanceOf(IOException.class)
                .hasMessage("no direct path to the gateway (127.0.0.1:" + closedPort + " refused the connection;"
                        + " no-such-host.invalid is an unknown host)");
    }

    @Test
    void settingsAreCheckedWithClearErrors() {
        assertThat(DirectSettings.parse(null, null)).isNull();
        assertThat(DirectSettings.parse("127.0.0.1:7000", null))
                .isEqualTo(new DirectSettings("127.0.0.1", 7000, List.of("127.0.0.1"), 0));
        assertThat(DirectSettings.parse("0.0.0.0:7000", "gw.example.com", 443).advertisePort()).isEqualTo(443);
        assertThatThrownBy(() -> DirectSettings.parse(null, null, 443))
                .hasMessage("--tunnel-advertise-port needs --tunnel-listen");
        assertThatThrownBy(() -> DirectSettings.parse("127.0.0.1:7000", null, 0))
                .hasMessage("--tunnel-advertise-port 0 is out of range (1 to 65535)");
        assertThatThrownBy(() -> DirectSettings.parse("127.0.0.1:7000", null, 65_536))
                .hasMessage("--tunnel-advertise-port 65536 is out of range (1 to 65535)");
        assertThat(DirectSettings.parse("[::1]:0", null).listenHost()).isEqualTo("::1");
        assertThat(DirectSettings.parse("0.0.0.0:7000", "gw.example.com, 10.0.0.5").advertise())
                .containsExactly("gw.example.com", "10.0.0.5");
        assertThatThrownBy(() -> DirectSettings.parse(null, "gw.example.com")).isInstanceOf(CastellanException.class)
                .hasMessage("--tunnel-advertise needs --tunnel-listen");
        assertThatThrownBy(() -> DirectSettings.parse("7000", null))
                .hasMessage("--tunnel-listen must be HOST:PORT (or [IPv6]:PORT), not \"7000\"");
        assertThatThrownBy(() -> DirectSettings.parse("127.0.0.1:70000", null))
                .hasMessage("--tunnel-listen port 70000 is out of range (0 to 65535)");
        assertThatThrownBy(() -> DirectSettings.parse("0.0.0.0:7000", null))
                .hasMessageStartingWith("--tunnel-listen on a wildcard address needs --tunnel-advertise");
        assertThatThrownBy(() -> DirectSettings.parse("127.0.0.1:7000", "gw example"))
                .hasMessageStartingWith("--tunnel-advertise must list 1 to 8 host names or IP addresses");
        assertThatThrownBy(() -> DirectSettings.parse("127.0.0.1:7000", "a,b,c,d,e,f,g,h,i"))
                .hasMessageStartingWith("--tunnel-advertise must list 1 to 8");
    }

    /** Connects, sends {@code preamble}, half-closes, and returns the gateway's first byte (-1: it closed). */
    private static int preambleAnswer(int port, byte[] preamble) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(preamble);
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            try {
                return in.read();
            } catch (java.net.SocketException reset) {
                return -1;
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
