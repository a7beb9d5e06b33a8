package io.castellan.model.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.crypto.EcKeys;
import io.castellan.crypto.TunnelKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two real multiplexers joined by an in-memory relay that records every message it passes (what the server would
 * see), with real TCP sockets on both sides: a local listener on the CLI's side and a real target server.
 */
@Timeout(60)
class TunnelMuxTest {

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final ConcurrentLinkedQueue<byte[]> relayed = new ConcurrentLinkedQueue<>();
    private final AtomicLong relayedBytes = new AtomicLong();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    /** One direction of the relay: a queue and a thread, as a WebSocket delivers messages in order. */
    private final class Pipe implements TunnelMux.Transport {
        final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        volatile TunnelMux target;
        volatile boolean closed;
        /** Keep DATA messages' buffers as they are until delivered, as the relay socket's queue does. */
        volatile boolean keepBuffers;
        /** An active relay's change to the first batch of several frames that passes (none when null). */
        volatile java.util.function.UnaryOperator<WireMessage.Batch> mangleFirstBatch;
        volatile boolean mangled;

        Pipe() {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int taken = 1; ; taken++) {
                        Object next = queue.take();
                        if (next instanceof Kept k) {
                            if (taken % 8 == 0) {
                                Thread.sleep(1); // a relay that lags: the sender builds more messages meanwhile
                            }
                            next = java.util.Arrays.copyOfRange(k.buffer(), k.offset(), k.offset() + k.length());
                        }
                        byte[] m = (byte[]) next;
                        if (m.length == 0) {
                            target.transportClosed("relay closed");
                            return;
                        }
                        target.receive(ByteBuffer.wrap(m));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @Override
        public void send(byte[] message) throws IOException {
            if (closed) {
                throw new IOException("closed");
            }
            if (mangleFirstBatch != null && !mangled && message[0] == 6
                    && WireMessage.decode(ByteBuffer.wrap(message)) instanceof WireMessage.Batch b
                    && b.ciphertexts().size() >= 2) {
                mangled = true;
                message = mangleFirstBatch.apply(b).encode();
            }
            relayed.add(message);
            relayedBytes.addAndGet(message.length);
            queue.add(message);
        }

        @Override
        public boolean sendWithHeadroom(byte[] buffer, int offset, int length) throws IOException {
            if (!keepBuffers) {
                return TunnelMux.Transport.super.sendWithHeadroom(buffer, offset, length);
            }
            if (closed) {
                throw new IOException("closed");
            }
            queue.add(new Kept(buffer, offset, length));
            return false;
        }

        @Override
        public void close(String reason) {
            closed = true;
        }

        void cut() {
            queue.add(new byte[0]);
        }
    }

    /** A message whose buffer the transport holds on to until it is delivered. */
    private record Kept(byte[] buffer, int offset, int length) {
    }

    private record Tunnel(TunnelMux client, TunnelMux gateway, Pipe toGateway, Pipe toClient,
                          CompletableFuture<String> clientClosed) {
    }

    private Tunnel tunnel(int targetPort) {
        return tunnel(stream -> targetPort);
    }

    private Tunnel tunnel(java.util.function.IntUnaryOperator portOfStream) {
        return tunnelTo(stream -> {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), portOfStream.applyAsInt(stream)), 5000);
            return new SocketEnd(s);
        });
    }

    private Tunnel tunnelTo(TunnelMux.Connector connector) {
        return tunnelTo(connector, PumpThreads.SHARED);
    }

    private Tunnel tunnelTo(TunnelMux.Connector connector, PumpThreads gatewayPumps) {
        KeyPair device = EcKeys.generateKeyPair();
        ClientHandshake ch = new ClientHandshake("tunnel-mux-test-000", (ECPublicKey) device.getPublic(), new byte[0]);
        GatewayHandshake gh = GatewayHandshake.answer("tunnel-mux-test-000", ByteBuffer.wrap(ch.hello()),
                (ECPrivateKey) device.getPrivate(), new byte[0]);
        TunnelKeys ck = ch.finish(ByteBuffer.wrap(gh.answer()));
        Pipe toGateway = new Pipe();
        Pipe toClient = new Pipe();
        CompletableFuture<String> clientClosed = new CompletableFuture<>();
        TunnelMux client = TunnelMux.client(ck, toGateway, new TunnelMux.Listener() {
            @Override
            public void closed(String reason, boolean clean) {
                clientClosed.complete((clean ? "clean: " : "broken: ") + reason);
            }
        });
        TunnelMux gateway = TunnelMux.gateway(gh.keys(), toClient, connector, TunnelMux.Listener.NONE, gatewayPumps);
        toGateway.target = gateway;
        toClient.target = client;
        return new Tunnel(client, gateway, toGateway, toClient, clientClosed);
    }

    /** A local connection on the CLI's side: a real socket pair through a loopback listener. */
    private Socket connectThrough(TunnelMux client) throws IOException {
        ServerSocket local = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        cleanup.add(local);
        Socket user = new Socket(InetAddress.getLoopbackAddress(), local.getLocalPort());
        client.open(new SocketEnd(local.accept()));
        cleanup.add(user);
        return user;
    }

    private int echoServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        cleanup.add(server);
        Thread.ofVirtual().start(() -> {
            while (true) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        s.getInputStream().transferTo(s.getOutputStream());
                        s.shutdownOutput();
                    } catch (IOException e) {
                        // peer gone
                    }
                });
            }
        });
        return server.getLocalPort();
    }

    @Test
    void theGatewaysDirectOfferIsTakenAsItsFirstFrameOnlyAndOnlyFromTheGateway() throws Exception {
        byte[] token = new byte[DirectOffer.TOKEN_LENGTH];
        java.util.Arrays.fill(token, (byte) 7);
        DirectOffer offer = DirectOffer.of(token, 7443, List.of("gw.example.com"));
        Tunnel t = tunnel(echoServer());
        t.gateway().sendDirectOffer(offer);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.client().directOffer() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(t.client().directOffer()).isEqualTo(offer);
        assertThat(relayed).as("the relay never sees the token or the address").noneMatch(m ->
                contains(m, token) || contains(m, "gw.example.com".getBytes(StandardCharsets.US_ASCII)));

        t.gateway().sendDirectOffer(DirectOffer.NONE);
        assertThat(t.clientClosed().get(10, TimeUnit.SECONDS))
                .isEqualTo("broken: tunnel protocol error: a direct offer that is not the gateway's first frame");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.client().sendDirectOffer(offer))
                .isInstanceOf(IllegalStateException.class).hasMessage("only the gateway offers a direct path");
    }

    @Test
    void aRelayedHelloOrUsageReportAfterTheHandshakeBreaksTheTunnel() throws Exception {
        Tunnel t = tunnel(echoServer());
        t.toClient().send(new WireMessage.UsageReport(1, 2).encode());
        assertThat(t.clientClosed().get(10, TimeUnit.SECONDS))
                .isEqualTo("broken: tunnel protocol error: a hello or relay message after the handshake");
    }

    @Test
    void manyConcurrentStreamsEchoAndTheRelayNeverSeesPlaintext() throws Exception {
        Tunnel t = tunnel(echoServer());
        String canary = "SELECT 'canary-7f3a9b'";
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String message = canary + " #" + i + " " + "x".repeat(50_000);
            Socket user = connectThrough(t.client());
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    user.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
                    user.shutdownOutput(); // half-close: the echo still comes back
                    return new String(user.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).get(30, TimeUnit.SECONDS)).startsWith(canary + " #" + i + " ").hasSize(
                    (canary + " #" + i + " ").length() + 50_000);
        }
        byte[] needle = "canary-7f3a9b".getBytes(StandardCharsets.UTF_8);
        assertThat(relayed).isNotEmpty().noneMatch(m -> contains(m, needle));
        assertThat(t.client().bytesSent()).isEqualTo(t.client().bytesReceived());
    }

    @Test
    void aStreamWhoseTargetDoesNotReadNeitherStallsOthersNorGrowsTheRelay() throws Exception {
        ServerSocket stuck = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        cleanup.add(stuck);
        List<Socket> held = new ArrayList<>();
        Thread.ofVirtual().start(() -> {
            try {
                held.add(stuck.accept()); // accepts, never reads
            } catch (IOException e) {
                // closed
            }
        });
        int echo = echoServer();
        Tunnel slow = tunnel(stream -> stream == 1 ? stuck.getLocalPort() : echo); // the first stream is stuck
        Socket user = connectThrough(slow.client());
        Thread.ofVirtual().start(() -> {
            try {
                OutputStream out = user.getOutputStream();
                byte[] chunk = new byte[64 * 1024];
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // closed at the end
            }
        });
        // the kernel's socket buffers towards the stuck target fill first; then the stream stops at its window
        long before = -1;
        long now = relayedBytes.get();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (now - before >= TunnelProtocol.WINDOW && System.nanoTime() < end) {
            Thread.sleep(1000);
            before = now;
            now = relayedBytes.get();
        }
        assertThat(now - before).as("relayed bytes still growing after the window filled").isLessThan(
                TunnelProtocol.WINDOW);
        assertThat(now).isLessThan(64L * 1024 * 1024);

        // meanwhile another stream of the same tunnel flows at full speed
        Socket second = connectThrough(slow.client());
        byte[] payload = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(payload, (byte) 'e');
        long start = System.nanoTime();
        assertThat(sendAndReadBack(second, payload)).isEqualTo(payload);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(20);
        second.close();
        held.forEach(s -> {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        });
    }

    @Test
    void bytesWrittenOnReceiptAndBytesQueuedForTheWriterArriveInOrderAndBeforeTheFin() throws Exception {
        for (boolean partial : new boolean[] {true, false}) {
            CompletableFuture<ScriptedEnd> target = new CompletableFuture<>();
            Tunnel t = tunnelTo(stream -> {
                ScriptedEnd end = new ScriptedEnd(stream, partial);
                target.complete(end);
                return end;
            });
            byte[] payload = new byte[3 * 1024 * 1024]; // twelve windows: credit must go back, however it was written
            new java.util.Random(11).nextBytes(payload);
            Socket user = connectThrough(t.client());
            Thread.ofVirtual().start(() -> {
                java.util.Random sizes = new java.util.Random(12);
                try {
                    OutputStream out = user.getOutputStream();
                    for (int at = 0; at < payload.length; ) {
                        // small writes (one frame each) and large ones (batches), now and then a pause
                        int n = Math.min(payload.length - at, sizes.nextBoolean() ? 1 + sizes.nextInt(2000)
                                : 1 + sizes.nextInt(200_000));
                        out.write(payload, at, n);
                        at += n;
                        if (sizes.nextInt(50) == 0) {
                            Thread.sleep(2);
                        }
                    }
                    user.shutdownOutput();
                } catch (IOException | InterruptedException e) {
                    // reported by the checks below
                }
            });
            ScriptedEnd end = target.get(10, TimeUnit.SECONDS);
            assertThat(end.finAt.get(30, TimeUnit.SECONDS)).as("bytes before the FIN").isEqualTo(payload.length);
            assertThat(java.util.Arrays.mismatch(end.received(), payload)).as("the first byte out of place")
                    .isEqualTo(-1);
            assertThat(end.overlaps).as("writes on receipt while the writer thread wrote").hasValue(0);
            assertThat(end.writtenNow.get()).as("bytes written by the receiving thread").isPositive();
            if (partial) {
                assertThat(end.writtenBlocking.get()).as("bytes left to the writer thread").isPositive();
            } else {
                assertThat(end.writtenBlocking.get()).as("bytes left to the writer thread").isZero();
            }
            user.close();
        }
    }

    @Test
    void aRelayThatCutsTheTunnelWithoutCloseIsReportedAsTruncated() throws Exception {
        Tunnel t = tunnel(echoServer());
        Socket user = connectThrough(t.client());
        user.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(user.getInputStream().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("ping");
        t.toClient().cut();
        assertThat(t.clientClosed().get(10, TimeUnit.SECONDS)).startsWith("broken:").contains("truncated");
        assertThat(user.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void aCleanCloseReachesThePeer() throws Exception {
        Tunnel t = tunnel(echoServer());
        t.gateway().close("done");
        assertThat(t.clientClosed().get(10, TimeUnit.SECONDS)).isEqualTo("clean: done");
        assertThat(t.client().closed()).isTrue();
    }

    @Test
    void aBulkWriteTravelsInBatchesOfSeveralFrames() throws Exception {
        Tunnel t = tunnel(echoServer());
        Socket user = connectThrough(t.client());
        byte[] payload = new byte[1024 * 1024];
        new java.util.Random(5).nextBytes(payload);
        assertThat(sendAndReadBack(user, payload)).isEqualTo(payload);
        long batches = relayed.stream().filter(m -> m[0] == 6).count();
        assertThat(batches).isPositive();
        assertThat(relayed).allMatch(m -> m.length <= TunnelProtocol.MAX_MESSAGE);
        // 2 MiB moved in DATA frames of at most 16 KiB: far fewer messages than frames
        assertThat(relayed.size()).isLessThan(2 * payload.length / TunnelProtocol.MAX_PAYLOAD);
    }

    @Test
    void beyondThePlatformThreadBudgetStreamsRunOnVirtualThreadsAndOnlyTheirWriterWrites() throws Exception {
        CompletableFuture<ScriptedEnd> target = new CompletableFuture<>();
        Tunnel t = tunnelTo(stream -> {
            ScriptedEnd end = new ScriptedEnd(stream, false);
            target.complete(end);
            return end;
        }, new PumpThreads(0));
        byte[] payload = new byte[1024 * 1024];
        new java.util.Random(31).nextBytes(payload);
        Socket user = connectThrough(t.client());
        user.getOutputStream().write(payload);
        user.shutdownOutput();
        ScriptedEnd end = target.get(10, TimeUnit.SECONDS);
        assertThat(end.finAt.get(30, TimeUnit.SECONDS)).isEqualTo(payload.length);
        assertThat(java.util.Arrays.mismatch(end.received(), payload)).isEqualTo(-1);
        assertThat(end.writtenNow.get()).as("bytes the receiving thread wrote (never: no platform pumps)").isZero();
        assertThat(end.writer.isVirtual()).as("the stream's writer thread").isTrue();
    }

    @Test
    void aTransportThatKeepsMessageBuffersGetsAFreshOneForEveryMessage() throws Exception {
        Tunnel t = tunnel(echoServer());
        t.toGateway().keepBuffers = true;
        t.toClient().keepBuffers = true;
        Socket user = connectThrough(t.client());
        byte[] payload = new byte[4 * 1024 * 1024];
        new java.util.Random(21).nextBytes(payload);
        assertThat(java.util.Arrays.mismatch(sendAndReadBack(user, payload), payload))
                .as("the first byte out of place (a buffer used again while still queued)").isEqualTo(-1);
        assertThat(t.client().closed()).isFalse();
    }

    @Test
    void busyStreamsGrowTheirWindowsWithinTheTunnelsAllowanceAndGiveItBackWhenTheyEnd() throws Exception {
        Tunnel t = tunnel(echoServer());
        int streams = 6;
        byte[] payload = new byte[8 * 1024 * 1024];
        new java.util.Random(9).nextBytes(payload);
        List<Socket> users = new ArrayList<>();
        List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            Socket user = connectThrough(t.client());
            users.add(user);
            Thread.ofVirtual().start(() -> {
                try {
                    user.getOutputStream().write(payload); // no half-close yet: the stream stays open
                } catch (IOException e) {
                    // reported by the read below
                }
            });
            echoes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return user.getInputStream().readNBytes(payload.length);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        for (CompletableFuture<byte[]> echo : echoes) {
            assertThat(echo.get(60, TimeUnit.SECONDS)).isEqualTo(payload);
        }
        long total = TunnelProtocol.TUNNEL_WINDOW_GROWTH;
        for (TunnelMux end : List.of(t.client(), t.gateway())) {
            assertThat(end.windowGrowthLeft()).as("windows grew, within the allowance").isBetween(0L, total - 1);
        }
        // a stream that ends gives its growth back to the tunnel
        for (Socket user : users) {
            user.shutdownOutput();
            assertThat(user.getInputStream().read()).isEqualTo(-1);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((t.client().windowGrowthLeft() != total || t.gateway().windowGrowthLeft() != total
                || t.gateway().openStreams() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(t.client().windowGrowthLeft()).isEqualTo(total);
        assertThat(t.gateway().windowGrowthLeft()).isEqualTo(total);
    }

    /** Writes {@code payload} and half-closes on a thread of its own, and reads everything that comes back. */
    private static byte[] sendAndReadBack(Socket socket, byte[] payload) throws IOException {
        Thread.ofVirtual().start(() -> {
            try {
                socket.getOutputStream().write(payload);
                socket.shutdownOutput();
            } catch (IOException e) {
                // reported by the read below
            }
        });
        return socket.getInputStream().readAllBytes();
    }

    /** Sends a bulk write through a tunnel whose relay changes the first batch of several frames. */
    private String closeAfterMangling(java.util.function.UnaryOperator<WireMessage.Batch> change) throws Exception {
        Tunnel t = tunnel(echoServer());
        t.toGateway().mangleFirstBatch = change;
        Socket user = connectThrough(t.client());
        byte[] payload = new byte[512 * 1024];
        Thread.ofVirtual().start(() -> {
            try {
                user.getOutputStream().write(payload);
            } catch (IOException e) {
                // the tunnel ends
            }
        });
        String reason = t.clientClosed().get(20, TimeUnit.SECONDS);
        assertThat(t.toGateway().mangled).as("a batch of several frames passed the relay").isTrue();
        assertThat(t.gateway().closed()).isTrue();
        return reason;
    }

    @Test
    void aBatchWithATamperedFrameEndsTheTunnel() throws Exception {
        String reason = closeAfterMangling(b -> {
            List<byte[]> frames = new ArrayList<>(b.ciphertexts());
            byte[] second = frames.get(1).clone();
            second[second.length / 2] ^= 1;
            frames.set(1, second);
            return new WireMessage.Batch(b.sequence(), frames);
        });
        assertThat(reason).contains("protocol error").contains("failed authentication");
    }

    @Test
    void aBatchWithReorderedFramesEndsTheTunnel() throws Exception {
        String reason = closeAfterMangling(b -> {
            List<byte[]> frames = new ArrayList<>(b.ciphertexts());
            java.util.Collections.swap(frames, 0, 1);
            return new WireMessage.Batch(b.sequence(), frames);
        });
        assertThat(reason).contains("protocol error").contains("failed authentication");
    }

    @Test
    void aBatchWhoseLastFrameWasDroppedEndsTheTunnelAtTheNextMessage() throws Exception {
        String reason = closeAfterMangling(b -> new WireMessage.Batch(b.sequence(),
                b.ciphertexts().subList(0, b.ciphertexts().size() - 1)));
        assertThat(reason).contains("protocol error").contains("dropped");
    }

    @Test
    void aBatchReplayedUnderALaterSequenceEndsTheTunnel() throws Exception {
        String reason = closeAfterMangling(b -> new WireMessage.Batch(b.sequence() + 1, b.ciphertexts()));
        assertThat(reason).contains("protocol error").contains("out of order");
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A real socket as a stream's local end. */
    private record SocketEnd(Socket socket) implements LocalEnd {
        @Override
        public InputStream input() throws IOException {
            return socket.getInputStream();
        }

        @Override
        public OutputStream output() throws IOException {
            return socket.getOutputStream();
        }

        @Override
        public void shutdownOutput() throws IOException {
            socket.shutdownOutput();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

}
