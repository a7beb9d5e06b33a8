package io.castellan.sdk.tunnel;

import io.castellan.model.tunnel.TunnelMux;
import io.castellan.model.tunnel.TunnelProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One end's WebSocket to a tunnel's relay (the CLI's and the gateway's are the same): whole binary messages (bounded)
 * go to the {@link TunnelMux} once it is attached, and the first one (the other end's hello) to {@link #awaitFirst}.
 * Sends are one at a time (the mux serialises).
 */
public final class RelaySocket implements TunnelMux.Transport, WebSocket.Listener {

    private static final ByteBuffer ENDED = ByteBuffer.allocate(0);
    private final BlockingQueue<ByteBuffer> early = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private volatile WebSocket ws;
    private volatile String endReason = "the relay closed the tunnel";
    private TunnelMux mux; // guarded by this

    /**
     * @param http the client (its TLS context pins the server)
     * @param uri the relay's WebSocket address (no credential in it)
     * @param authorization the {@code Authorization} header's value: the end's credential
     * @param timeout how long to wait for the connection
     * @return the open socket
     */
    public static RelaySocket connect(HttpClient http, URI uri, String authorization, Duration timeout)
            throws IOException, InterruptedException {
        RelaySocket socket = new RelaySocket();
        try {
            socket.ws = http.newWebSocketBuilder().connectTimeout(timeout)
                    .header(TunnelProtocol.AUTHORIZATION, authorization).buildAsync(uri, socket)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not reach the tunnel relay: " + (e.getCause() == null ? "timed out"
                    : e.getCause().getClass().getSimpleName()));
        }
        return socket;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (partial.size() + data.remaining() > TunnelProtocol.MAX_MESSAGE) {
            ended("a relayed message exceeded " + TunnelProtocol.MAX_MESSAGE + " bytes");
            webSocket.abort();
            return null;
        }
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partial.writeBytes(chunk);
        if (last) {
            ByteBuffer message = ByteBuffer.wrap(partial.toByteArray());
            partial.reset();
            if (mux == null) {
                early.add(message);
            } else {
                mux.receive(message);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        ended("the relay sent text");
        webSocket.abort();
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended(reason == null || reason.isBlank() ? "the relay closed the tunnel (" + statusCode + ")" : reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended("the relay connection failed: " + error.getClass().getSimpleName());
    }

    private synchronized void ended(String reason) {
        endReason = TunnelProtocol.printable(reason);
        if (mux == null) {
            early.add(ENDED);
        } else {
            mux.transportClosed(endReason);
        }
    }

    /** @return the first message, waiting until {@code max} passed */
    public ByteBuffer awaitFirst(Duration max) throws IOException, InterruptedException {
        ByteBuffer first = early.poll(max.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            throw new IOException("the other end of the tunnel did not take part in the key agreement within "
                    + max.toSeconds() + " s");
        }
        if (first == ENDED) {
            throw new IOException(endReason);
        }
        return first;
    }

    /** From now on messages go to {@code target} (those already queued first). */
    public synchronized void attach(TunnelMux target) {
        for (ByteBuffer m = early.poll(); m != null; m = early.poll()) {
            if (m == ENDED) {
                target.transportClosed(endReason);
            } else {
                target.receive(m);
            }
        }
        mux = target;
    }

    @Override
    public void send(byte[] message) throws IOException {
        try {
            ws.sendBinary(ByteBuffer.wrap(message), true).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("sending to the tunnel relay failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending to the tunnel relay", e);
        }
    }

    @Override
    public void close(String reason) {
        WebSocket w = ws;
        if (w != null && !w.isOutputClosed()) {
            w.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS)
                    .whenComplete((x, e) -> w.abort());
        }
    }
}
