package io.castellan.server.router;

import io.castellan.model.gateway.GatewayFrame;
import io.castellan.model.gateway.GatewayProtocol;
import io.castellan.store.StoredGateway;
import io.javalin.websocket.WsContext;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway WebSocket on this node: its challenge nonce, who it proved to be, and when it was last heard. Sends are
 * serialised so frames never interleave.
 */
final class GatewaySocket {

    private static final Logger LOG = LoggerFactory.getLogger(GatewaySocket.class);

    /** WebSocket close code 1008 (policy violation): refused or removed. */
    static final int CLOSE_POLICY = 1008;
    /** WebSocket close code 1001 (going away): the server stops or the peer went silent. */
    static final int CLOSE_GOING_AWAY = 1001;

    final String connectionId;
    final String nonce;
    final String remoteIp;
    final long openedNanos = System.nanoTime();
    private final WsContext ws;
    private final AtomicLong lastHeardNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong pingSeq = new AtomicLong();
    private volatile StoredGateway gateway;
    private volatile int jobCapacity;
    private volatile boolean closed;
    private volatile boolean heardSinceTouch;

    GatewaySocket(WsContext ws, String connectionId, String nonce, String remoteIp) {
        this.ws = ws;
        this.connectionId = connectionId;
        this.nonce = nonce;
        this.remoteIp = remoteIp;
    }

    /** @return the authenticated gateway, or null before Welcome */
    StoredGateway gateway() {
        return gateway;
    }

    void authenticated(StoredGateway g, Integer announcedJobCapacity) {
        gateway = g;
        jobCapacity = announcedJobCapacity == null ? 0 : announcedJobCapacity;
    }

    /** @return the jobs the gateway said it takes at once, or 0 when it did not say (no limit) */
    int jobCapacity() {
        return jobCapacity;
    }

    void heard() {
        lastHeardNanos.set(System.nanoTime());
        heardSinceTouch = true;
    }

    long silentMillis() {
        return (System.nanoTime() - lastHeardNanos.get()) / 1_000_000;
    }

    /** @return whether a frame arrived since the last call (the heartbeat then refreshes the store's last_seen_at) */
    boolean takeHeardSinceTouch() {
        boolean heard = heardSinceTouch;
        heardSinceTouch = false;
        return heard;
    }

    long nextPingSeq() {
        return pingSeq.incrementAndGet();
    }

    boolean closed() {
        return closed;
    }

    /** Sends a frame; false when the socket is closed or the send failed. */
    synchronized boolean send(GatewayFrame frame) {
        if (closed) {
            return false;
        }
        try {
            ws.send(GatewayProtocol.encode(frame));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("send to gateway {} failed: {}", label(), e.getClass().getSimpleName());
            return false;
        }
    }

    /** Closes the socket (idempotent). */
    synchronized void close(int code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            ws.closeSession(code, reason);
        } catch (RuntimeException e) {
            LOG.debug("closing gateway socket {}: {}", label(), e.getClass().getSimpleName());
        }
    }

    String label() {
        StoredGateway g = gateway;
        return g == null ? "unauthenticated " + connectionId : g.uid();
    }
}
