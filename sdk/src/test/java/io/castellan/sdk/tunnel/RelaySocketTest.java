package io.castellan.sdk.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.tunnel.TunnelProtocol;
import io.castellan.sdk.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RelaySocket} against a real Jetty WebSocket server over TLS that plays the relay, honest or hostile: the
 * credential travels in the header, queued sends arrive whole and in order before the close, and what a hostile relay
 * sends (an oversized message, text) ends the socket with a reason instead of reaching the tunnel.
 */
class RelaySocketTest {

    /** The relay's side of one connection; each test says what it does once the end connected. */
    public static final class RelayEnd implements Session.Listener.AutoDemanding {
        final List<byte[]> received = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);
        volatile String authorization;
        volatile Consumer<Session> onOpen = s -> { };

        @Override
        public void onWebSocketOpen(Session session) {
            authorization = session.getUpgradeRequest().getHeader(TunnelProtocol.AUTHORIZATION);
            onOpen.accept(session);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] copy = new byte[payload.remaining()];
            payload.get(copy);
            received.add(copy);
            callback.succeed();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closed.countDown();
        }
    }

    private final RelayEnd relay = new RelayEnd();
    private Server server;
    private RelayClient client;
    private URI uri;

    @BeforeEach
    void start() throws Exception {
        TestCertificates.Issued cert = TestCertificates.selfSigned("relay");
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(cert.serverContext());
        server = new Server();
        ServerConnector connector = new ServerConnector(server, ssl);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxBinaryMessageSize(4L * TunnelProtocol.MAX_MESSAGE);
            container.addMapping("/relay", (request, response, callback) -> relay);
        }));
        server.start();
        uri = URI.create("wss://127.0.0.1:" + connector.getLocalPort() + "/relay");
        client = new RelayClient(trusting(cert), "relay-test");
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.stop();
    }

    @Test
    void credentialGoesInTheHeaderAndQueuedSendsArriveInOrderBeforeTheClose() throws Exception {
        RelaySocket socket = RelaySocket.connect(client, uri, "Bearer secret-token", Duration.ofSeconds(10));
        int messages = 2_000;
        for (int i = 0; i < messages; i++) {
            byte[] m = new byte[1 + i % TunnelProtocol.MAX_PAYLOAD]; // 1 B to 16 KiB: more than MAX_QUEUED in total
            ByteBuffer.wrap(m).put((byte) i);
            socket.send(m);
        }
        socket.close("done");

        assertThat(relay.closed.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(relay.authorization).isEqualTo("Bearer secret-token");
        assertThat(uri.getQuery()).isNull();
        assertThat(relay.received).hasSize(messages);
        for (int i = 0; i < messages; i++) {
            assertThat(relay.received.get(i)).hasSize(1 + i % TunnelProtocol.MAX_PAYLOAD);
            assertThat(relay.received.get(i)[0]).isEqualTo((byte) i);
        }
        assertThatThrownBy(() -> socket.send(new byte[1])).isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aMessageOfTheLargestSizeArrivesWhole() throws Exception {
        byte[] largest = new byte[TunnelProtocol.MAX_MESSAGE];
        largest[largest.length - 1] = 42;
        relay.onOpen = s -> s.sendBinary(ByteBuffer.wrap(largest), Callback.NOOP);
        RelaySocket socket = RelaySocket.connect(client, uri, "Bearer t", Duration.ofSeconds(10));

        ByteBuffer first = socket.awaitFirst(Duration.ofSeconds(10));
        assertThat(first.remaining()).isEqualTo(TunnelProtocol.MAX_MESSAGE);
        assertThat(first.get(TunnelProtocol.MAX_MESSAGE - 1)).isEqualTo((byte) 42);
        socket.close("done");
    }

    @Test
    void anOversizedMessageEndsTheSocketAndIsNotDelivered() throws Exception {
        relay.onOpen = s -> s.sendBinary(ByteBuffer.allocate(TunnelProtocol.MAX_MESSAGE + 1), Callback.NOOP);
        RelaySocket socket = RelaySocket.connect(client, uri, "Bearer t", Duration.ofSeconds(10));

        assertThatThrownBy(() -> socket.awaitFirst(Duration.ofSeconds(10))).isInstanceOf(IOException.class)
                .hasMessageContaining(Integer.toString(TunnelProtocol.MAX_MESSAGE));
        assertThat(relay.closed.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void textFromTheRelayEndsTheSocket() throws Exception {
        relay.onOpen = s -> s.sendText("hello", Callback.NOOP);
        RelaySocket socket = RelaySocket.connect(client, uri, "Bearer t", Duration.ofSeconds(10));

        assertThatThrownBy(() -> socket.awaitFirst(Duration.ofSeconds(10))).isInstanceOf(IOException.class)
                .hasMessage("the relay sent text");
        assertThatThrownBy(() -> socket.send(new byte[1])).isInstanceOf(IOException.class);
    }

    @Test
    void aServerWhoseCertificateIsNotPinnedIsRefused() throws Exception {
        try (RelayClient other = new RelayClient(trusting(TestCertificates.selfSigned("someone-else")), "other")) {
            assertThatThrownBy(() -> RelaySocket.connect(other, uri, "Bearer t", Duration.ofSeconds(10)))
                    .isInstanceOf(IOException.class).hasMessageStartingWith("could not reach the tunnel relay");
        }
        assertThat(relay.authorization).isNull(); // the credential never left the client
    }

    private static SSLContext trusting(TestCertificates.Issued cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("relay", cert.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
