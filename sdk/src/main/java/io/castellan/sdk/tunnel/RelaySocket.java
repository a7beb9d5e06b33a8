package io.castellan.sdk.tunnel;

import io.castellan.model.tunnel.TunnelMux;
import io.castellan.model.tunnel.TunnelProtocol;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;

/**
 * One end's WebSocket to a tunnel's relay (the CLI's and the gateway's are the same), on Jetty's client
 * ({@link RelayClient}): whole binary messages (bounded by Jetty) go to the {@link TunnelMux} once it is attached, and
 * the first one (the other end's hello) to {@link #awaitFirst}.
 *
 * <p>Sends do not wait for the socket: the mux hands sealed messages over in sequence order and Jetty queues them in
 * that order, so sealing the next frame overlaps writing the previous one. What is queued and not yet written is
 * bounded ({@link #MAX_QUEUED} bytes); past it, {@link #send} waits until the socket took enough.
 */
public final class RelaySocket implements TunnelMux.Transport, Session.Listener.AutoDemanding {

    /** Bytes handed to {@link #send} and not yet written before further senders wait: a few windows' worth. */
    static final long MAX_QUEUED = 4L * TunnelProtocol.WINDOW;
    private static final long SEND_TIMEOUT_MS = 60_000;
    private static final ByteBuffer ENDED = ByteBuffer.allocate(0);

    private final BlockingQueue<ByteBuffer> early = new LinkedBlockingQueue<>();
    private final Object outLock = new Object();
    private long queuedBytes; // guarded by outLock
    private boolean closing; // guarded by outLock
    private String sendFailure; // guarded by outLock
    private volatile Session session;
    private volatile String endReason = "the relay closed the tunnel";
    private TunnelMux mux; // guarded by this
    private boolean ended; // guarded by this

    /**
     * @param client the WebSocket client (its TLS context pins the server)
     * @param uri the relay's WebSocket address (no credential in it)
     * @param authorization the {@code Authorization} header's value: the end's credential
     * @param timeout how long to wait for the connection
     * @return the open socket
     */
    public static RelaySocket connect(RelayClient client, URI uri, String authorization, Duration timeout)
            throws IOException, InterruptedException {
        RelaySocket socket = new RelaySocket();
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        request.setHeader(TunnelProtocol.AUTHORIZATION, authorization);
        request.setTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<Session> connecting = client.jetty().connect(socket, uri, request);
        try {
            socket.session = connecting.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            connecting.cancel(true);
            throw new IOException("could not reach the tunnel relay: " + (e.getCause() == null ? "timed out"
                    : e.getCause().getClass().getSimpleName()));
        }
        return socket;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            deliver(payload);
        } finally {
            callback.succeed(); // Jetty may reuse the buffer now: the mux consumed it, the early queue copied it
        }
    }

    private synchronized void deliver(ByteBuffer message) {
        if (mux == null) {
            early.add(ByteBuffer.allocate(message.remaining()).put(message).flip());
        } else {
            mux.receive(message);
        }
    }

    @Override
    public void onWebSocketText(String message) {
        ended("the relay sent text");
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (statusCode == StatusCode.MESSAGE_TOO_LARGE) { // Jetty refused it before assembling it
            ended(tooLarge());
            return;
        }
        ended(reason == null || reason.isBlank() ? "the relay closed the tunnel (" + statusCode + ")" : reason);
    }

    @Override
    public void onWebSocketError(Throwable error) {
        ended(error instanceof MessageTooLargeException ? tooLarge()
                : "the relay connection failed: " + error.getClass().getSimpleName());
    }

    private static String tooLarge() {
        return "a relayed message exceeded " + TunnelProtocol.MAX_MESSAGE + " bytes";
    }

    /**
     * The first reason wins: Jetty reports one failure as an error and then as a close. The mux hears of it outside
     * this socket's lock: a sender holding the mux's send lock may be inside Jetty reporting the same failure here
     * (a write that fails synchronously), and the mux's end needs that send lock.
     */
    private void ended(String reason) {
        TunnelMux target;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            endReason = TunnelProtocol.printable(reason);
            synchronized (outLock) {
                closing = true;
                outLock.notifyAll();
            }
            if (mux == null) {
                early.add(ENDED);
                return;
            }
            target = mux;
        }
        target.transportClosed(endReason);
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

    /**
     * Queues {@code message} for the relay after those sent before; returns at once unless {@link #MAX_QUEUED} bytes
     * are waiting, then waits (at most 60 s) until the socket took enough of them.
     */
    @Override
    public void send(byte[] message) throws IOException {
        sendWithHeadroom(message, 0, message.length);
    }

    /**
     * As {@link #send}, for {@code buffer[offset, offset + length)} (Jetty writes it from there: no copy).
     *
     * @return false: the buffer stays queued until Jetty wrote it
     */
    @Override
    public boolean sendWithHeadroom(byte[] buffer, int offset, int length) throws IOException {
        synchronized (outLock) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SEND_TIMEOUT_MS);
            while (queuedBytes >= MAX_QUEUED && sendFailure == null && !closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("sending to the tunnel relay failed: the relay took nothing for "
                            + SEND_TIMEOUT_MS / 1000 + " s");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(outLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while sending to the tunnel relay", e);
                }
            }
            if (sendFailure != null) {
                throw new IOException(sendFailure);
            }
            if (closing) {
                throw new IOException("the tunnel relay socket is closed");
            }
            queuedBytes += length;
        }
        int n = length;
        session.sendBinary(ByteBuffer.wrap(buffer, offset, length), Callback.from(() -> written(n),
                failure -> failed(n, failure)));
        return false;
    }

    private void written(int n) {
        synchronized (outLock) {
            queuedBytes -= n;
            outLock.notifyAll();
        }
    }

    private void failed(int n, Throwable failure) {
        synchronized (outLock) {
            queuedBytes -= n;
            if (sendFailure == null) {
                sendFailure = "sending to the tunnel relay failed: " + failure.getClass().getSimpleName();
            }
            outLock.notifyAll();
        }
    }

    /** Closes the socket after what was queued (the peer must see a CLOSE frame before the end); idempotent. */
    @Override
    public void close(String reason) {
        synchronized (outLock) {
            closing = true;
            outLock.notifyAll();
        }
        Session s = session;
        if (s != null && s.isOpen()) {
            // Jetty sends the close frame after the frames queued before it; a relay that does not answer within
            // 5 s is cut off.
            s.close(StatusCode.NORMAL, "", Callback.from(() -> { }, x -> s.disconnect()));
            CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS).execute(() -> {
                if (s.isOpen()) {
                    s.disconnect();
                }
            });
        }
    }
}
