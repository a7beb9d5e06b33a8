package io.castellan.gateway.router;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.Signatures;
import io.castellan.model.gateway.Challenge;
import io.castellan.model.gateway.Command;
import io.castellan.model.gateway.GatewayFrame;
import io.castellan.model.gateway.GatewayProtocol;
import io.castellan.model.gateway.Hello;
import io.castellan.model.gateway.JobUpdate;
import io.castellan.model.gateway.Ping;
import io.castellan.model.gateway.Pong;
import io.castellan.model.gateway.Refused;
import io.castellan.model.gateway.Welcome;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.security.interfaces.ECPrivateKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket to the server, from connect to close: Challenge → Hello → Welcome (or Refused), then heartbeats and
 * commands. Frames are decoded strictly; a bad frame is logged without its content and ignored once authenticated,
 * or ends the socket before that. Sends are chained, so they never overlap (the JDK WebSocket forbids that).
 */
final class RouterLink implements WebSocket.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(RouterLink.class);

    private enum Phase { AWAIT_CHALLENGE, AWAIT_WELCOME, READY, ENDED }

    private final RouterClient client;
    private final CompletableFuture<LinkOutcome> done = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicLong lastReceived = new AtomicLong(System.nanoTime());
    private final AtomicLong pingSeq = new AtomicLong();
    private volatile Phase phase = Phase.AWAIT_CHALLENGE;
    private volatile WebSocket socket;
    private volatile Refused refusal;
    private volatile String gatewayUid = "?";
    private volatile boolean welcomed;
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private volatile ScheduledFuture<?> heartbeat;

    RouterLink(RouterClient client) {
        this.client = client;
    }

    /** Connects and blocks until this socket ends. */
    LinkOutcome run() throws InterruptedException {
        long timeoutMs = client.options().handshakeTimeout().toMillis();
        try {
            socket = client.http().newWebSocketBuilder()
                    .connectTimeout(client.options().handshakeTimeout())
                    .buildAsync(client.socketUri(), this)
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return new LinkOutcome(false, null, "connect failed: " + cause.getClass().getSimpleName());
        }
        ScheduledFuture<?> handshake = client.timer().schedule(() -> {
            if (phase != Phase.READY) {
                end("no welcome within " + timeoutMs + " ms");
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        try {
            return done.get();
        } catch (ExecutionException e) {
            return new LinkOutcome(welcomed, refusal, "failed: " + e.getCause().getClass().getSimpleName());
        } finally {
            handshake.cancel(false);
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            WebSocket ws = socket;
            if (ws != null) {
                ws.abort();
            }
        }
    }

    boolean ready() {
        return phase == Phase.READY;
    }

    void markReady() {
        phase = Phase.READY;
        welcomed = true;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lastReceived.set(System.nanoTime());
        if (partial.length() + data.length() > GatewayProtocol.MAX_FRAME_BYTES) {
            LOG.warn("frame from the server exceeds {} characters; closing the socket", GatewayProtocol.MAX_FRAME_BYTES);
            partial.setLength(0);
            end("oversized frame");
            return null;
        }
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            client.options().tap().frame(false, text);
            handle(text);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        LOG.warn("binary frame from the server ({} bytes) is not part of the protocol; closing", data.remaining());
        end("binary frame");
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        lastReceived.set(System.nanoTime());
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        lastReceived.set(System.nanoTime());
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        end("closed by the server (" + statusCode + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        end("socket error: " + error.getClass().getSimpleName());
    }

    private void handle(String text) {
        GatewayFrame frame;
        try {
            frame = GatewayProtocol.decode(text);
        } catch (IllegalArgumentException e) {
            LOG.warn("malformed frame from the server ({} characters) ignored", text.length());
            if (phase != Phase.READY) {
                end("malformed frame before authentication");
            }
            return;
        }
        switch (frame) {
            case Challenge c when phase == Phase.AWAIT_CHALLENGE -> answer(c);
            case Welcome w when phase == Phase.AWAIT_WELCOME -> welcome(w);
            case Refused r -> {
                refusal = r;
                end("refused (" + r.code() + ")");
            }
            case Ping p -> send(new Pong(p.seq(), p.sentAt()));
            case Pong p -> { } // lastReceived already moved
            case Command c when phase == Phase.READY -> client.sink().accept(c, client::report);
            default -> LOG.warn("unexpected {} frame from the server in phase {} ignored",
                    frame.getClass().getSimpleName(), phase);
        }
    }

    private void answer(Challenge challenge) {
        if (challenge.protocolVersion() != GatewayProtocol.VERSION || challenge.nonce() == null) {
            LOG.warn("server speaks Router protocol version {}, this gateway {}", challenge.protocolVersion(),
                    GatewayProtocol.VERSION);
            end("protocol version mismatch");
            return;
        }
        RouterClientSettings s = client.settings();
        byte[] signature = Signatures.signDer((ECPrivateKey) s.deviceKey(),
                GatewayProtocol.signedBytes(s.clientId(), challenge.nonce()));
        phase = Phase.AWAIT_WELCOME;
        send(new Hello(s.clientId(), challenge.nonce(), Base64s.encode(signature), s.version(),
                s.startedAt().toEpochMilli(), s.capabilities(), s.jobCapacity() > 0 ? s.jobCapacity() : null));
    }

    private void welcome(Welcome w) {
        gatewayUid = w.gatewayUid();
        long interval = Math.max(100, w.heartbeatMillis());
        client.authenticated(this);
        LOG.info("Router connected: gateway {} on server node {} (heartbeat {} ms)", w.gatewayUid(), w.serverNode(),
                interval);
        heartbeat = client.timer().scheduleAtFixedRate(() -> beat(interval), interval, interval,
                TimeUnit.MILLISECONDS);
    }

    private void beat(long interval) {
        long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastReceived.get());
        if (silentMs > 3 * interval) {
            LOG.warn("server silent for {} ms (gateway {}); reconnecting", silentMs, gatewayUid);
            end("server silent");
            return;
        }
        send(new Ping(pingSeq.incrementAndGet(), System.currentTimeMillis()));
    }

    /** Queues a frame behind the ones already being sent. */
    void send(GatewayFrame frame) {
        String text = GatewayProtocol.encode(frame);
        client.options().tap().frame(true, text);
        synchronized (this) {
            WebSocket ws = socket;
            if (ws == null || phase == Phase.ENDED) {
                if (frame instanceof JobUpdate update) {
                    client.unsent(update);
                }
                return;
            }
            sendChain = sendChain.handle((v, e) -> null)
                    .thenCompose(v -> ws.sendText(text, true))
                    .whenComplete((v, e) -> {
                        if (e != null) {
                            if (frame instanceof JobUpdate update) {
                                client.unsent(update); // goes out on the next connection instead
                            }
                            end("send failed: " + e.getClass().getSimpleName());
                        }
                    });
        }
    }

    /** Our side closes: a normal close frame, then the socket goes. */
    void closeNormally() {
        WebSocket ws = socket;
        if (ws != null) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "gateway stopping").get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the socket is going anyway
            }
        }
        end("closed by the gateway");
    }

    private void end(String reason) {
        phase = Phase.ENDED;
        done.complete(new LinkOutcome(welcomed, refusal, reason));
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }
}
