package io.castellan.server.router;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.Signatures;
import io.castellan.model.gateway.Challenge;
import io.castellan.model.gateway.GatewayProtocol;
import io.castellan.model.gateway.Hello;
import io.castellan.sdk.transport.TlsTrust;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hand-driven WebSocket to the Router, for what a well-behaved RouterClient never does: replay a recorded Hello,
 * or authenticate and then fall silent.
 */
final class RawSocket implements WebSocket.Listener, AutoCloseable {

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final HttpClient http;
    private WebSocket socket;

    private RawSocket(HttpClient http) {
        this.http = http;
    }

    static RawSocket open(RouterWorld world) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(TlsTrust.pinned(world.fingerprint()).sslContext())
                .build();
        RawSocket raw = new RawSocket(http);
        raw.socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("wss://localhost:" + world.api.server.port() + GatewayProtocol.CONNECT_PATH),
                        raw)
                .get(10, TimeUnit.SECONDS);
        return raw;
    }

    /** Answers the challenge correctly, then never sends anything again. */
    void authenticate(RouterWorld.Gateway g) throws Exception {
        Challenge c = (Challenge) GatewayProtocol.decode(next());
        byte[] signature = Signatures.signDer(g.key(), GatewayProtocol.signedBytes(g.clientId(), c.nonce()));
        send(GatewayProtocol.encode(new Hello(g.clientId(), c.nonce(), Base64s.encode(signature), "raw/1",
                Instant.now().toEpochMilli(), List.of())));
        String welcome = next();
        if (!welcome.contains("\"type\":\"welcome\"")) {
            throw new AssertionError("expected a welcome, got " + welcome);
        }
    }

    String next() throws InterruptedException {
        String text = received.poll(10, TimeUnit.SECONDS);
        if (text == null) {
            throw new AssertionError("no frame within 10 s");
        }
        return text;
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    /** Sends without waiting for the send to complete (the server may close the socket meanwhile). */
    void sendQuietly(String text) {
        socket.sendText(text, true);
    }

    /** Waits until the server closes the socket; returns the close code (-1 for an abrupt end). */
    int awaitClosed() throws Exception {
        return closed.get(20, TimeUnit.SECONDS);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    @Override
    public void close() {
        socket.abort();
        http.close();
    }
}
