package io.castellan.sdk.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.crypto.EcKeys;
import io.castellan.model.tunnel.ClientHandshake;
import io.castellan.model.tunnel.GatewayHandshake;
import io.castellan.model.tunnel.TunnelMux;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The end of a {@link RelaySocket} reported twice at once, as Jetty does: a sender inside Jetty (holding the mux's
 * send lock) hears of the failure while Jetty's close callback tells the socket on another thread. Both must finish.
 */
class RelaySocketEndTest {

    @Test
    @Timeout(30)
    void aFailureReportedToASenderWhileTheSocketClosesDoesNotDeadlock() throws Exception {
        RelaySocket socket = new RelaySocket();
        CompletableFuture<Thread> closer = new CompletableFuture<>();
        // Jetty's session: sending the CLOSE frame fails synchronously, after Jetty's close callback started on its
        // own thread and is waiting for the mux's send lock, which the sender holds.
        Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "sendBinary" -> {
                        Thread close = new Thread(() -> socket.onWebSocketClose(StatusCode.ABNORMAL, "gone"));
                        close.start();
                        closer.complete(close);
                        while (close.getState() != Thread.State.BLOCKED && close.isAlive()) {
                            Thread.sleep(5);
                        }
                        socket.onWebSocketError(new java.io.IOException("broken pipe"));
                        yield null;
                    }
                    case "isOpen" -> false;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "fake session";
                    default -> null;
                });
        socket.onWebSocketOpen(session);
        CompletableFuture<String> ended = new CompletableFuture<>();
        TunnelMux mux = TunnelMux.client(keys(), socket, new TunnelMux.Listener() {
            @Override
            public void closed(String reason, boolean clean) {
                ended.complete(reason);
            }
        });
        socket.attach(mux);

        Thread sender = new Thread(() -> mux.close("stopped")); // sends CLOSE under the mux's send lock
        sender.start();
        sender.join(TimeUnit.SECONDS.toMillis(10));
        Thread close = closer.get(10, TimeUnit.SECONDS);
        close.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(sender.isAlive()).as("the sender finished").isFalse();
        assertThat(close.isAlive()).as("Jetty's close callback finished").isFalse();
        assertThat(mux.closed()).isTrue();
        assertThat(ended.get(1, TimeUnit.SECONDS)).isEqualTo("stopped");
    }

    private static io.castellan.crypto.TunnelKeys keys() {
        KeyPair device = EcKeys.generateKeyPair();
        ClientHandshake client = new ClientHandshake("tunnel-end-test-0000", (ECPublicKey) device.getPublic(),
                new byte[0]);
        GatewayHandshake gateway = GatewayHandshake.answer("tunnel-end-test-0000", ByteBuffer.wrap(client.hello()),
                (ECPrivateKey) device.getPrivate(), new byte[0]);
        return client.finish(ByteBuffer.wrap(gateway.answer()));
    }
}
