package io.castellan.server.tunnel;

import io.castellan.model.tunnel.TunnelProtocolException;
import io.castellan.model.tunnel.WireMessage;
import io.javalin.websocket.WsContext;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * One tunnel on this node: who opened it, for which resource through which gateway, and its two sockets. Messages
 * are copied and passed on as they are: the relay cannot open them (sealed end to end). What is in flight to a socket
 * is bounded ({@link #MAX_IN_FLIGHT}); the ends' credit windows keep it far below that, so a peer that exceeds it is
 * not reading and the tunnel is closed rather than buffered without bound.
 */
final class RelayedTunnel {

    /** Bytes queued to one socket and not yet written before the tunnel is closed. */
    static final long MAX_IN_FLIGHT = 16L * 1024 * 1024;
    /** Messages the CLI may send before the gateway joined (its hello). */
    static final int MAX_EARLY_MESSAGES = 4;

    final String id;
    final String userUid;
    final boolean admin;
    final String recordUid;
    final String configUid;
    final String gatewayUid;
    final String gatewayClientId;
    final String nonce;
    final String jobId;
    final String sourceIp;
    final Instant openedAt;
    final long openedNanos = System.nanoTime();
    final AtomicLong bytesUp = new AtomicLong();
    final AtomicLong bytesDown = new AtomicLong();
    /** What the gateway reported its direct path carried ({@link WireMessage.UsageReport}); -1 while relayed. */
    private final AtomicLong directUp = new AtomicLong(-1);
    private final AtomicLong directDown = new AtomicLong(-1);
    private final AtomicLong inFlightToClient = new AtomicLong();
    private final AtomicLong inFlightToGateway = new AtomicLong();
    private final ArrayDeque<byte[]> early = new ArrayDeque<>();
    private final TunnelRelay relay;
    private WsContext client;
    private WsContext gateway;
    private boolean gatewayJoined;
    private boolean ended;
    private String drainReason;

    RelayedTunnel(TunnelRelay relay, String id, String userUid, boolean admin, TunnelAccess.Grant grant, String nonce,
            String jobId, String sourceIp, Instant openedAt) {
        this.relay = relay;
        this.id = id;
        this.userUid = userUid;
        this.admin = admin;
        this.recordUid = grant.resource().uid();
        this.configUid = grant.config().recordUid();
        this.gatewayUid = grant.gateway().uid();
        this.gatewayClientId = grant.gateway().clientId();
        this.nonce = nonce;
        this.jobId = jobId;
        this.sourceIp = sourceIp;
        this.openedAt = openedAt;
    }

    synchronized boolean attachClient(WsContext ctx) {
        if (ended || client != null) {
            return false;
        }
        client = ctx;
        return true;
    }

    /** The gateway joins once; afterwards the CLI's early messages go to it. */
    synchronized boolean attachGateway(WsContext ctx) {
        if (ended || gatewayJoined) {
            return false;
        }
        gatewayJoined = true;
        gateway = ctx;
        while (!early.isEmpty()) {
            byte[] m = early.poll();
            send(ctx, m, inFlightToGateway);
        }
        return true;
    }

    synchronized boolean connected() {
        return client != null && gateway != null;
    }

    /**
     * A message from one end: passed to the other, except the gateway's usage reports (its direct path's byte counts,
     * which only ever grow), which are taken here.
     */
    void relay(boolean fromClient, ByteBuffer data) {
        if (!fromClient && data.remaining() == WireMessage.UsageReport.LENGTH
                && data.get(data.position()) == WireMessage.UsageReport.KIND) {
            WireMessage.UsageReport report;
            try {
                report = (WireMessage.UsageReport) WireMessage.decode(data);
            } catch (TunnelProtocolException e) {
                relay.end(this, "the gateway sent a bad usage report: " + e.getMessage());
                return;
            }
            directUp.accumulateAndGet(report.bytesUp(), Math::max);
            directDown.accumulateAndGet(report.bytesDown(), Math::max);
            return;
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        WsContext target;
        synchronized (this) {
            if (ended) {
                return;
            }
            target = fromClient ? gateway : client;
            if (target == null) {
                if (fromClient && early.size() < MAX_EARLY_MESSAGES) {
                    early.add(copy);
                    bytesUp.addAndGet(copy.length);
                    return;
                }
                relay.end(this, "a message arrived before the other end joined");
                return;
            }
            (fromClient ? bytesUp : bytesDown).addAndGet(copy.length);
            if (!send(target, copy, fromClient ? inFlightToGateway : inFlightToClient)) {
                relay.end(this, (fromClient ? "the gateway" : "the CLI") + " is not reading its tunnel");
            }
        }
    }

    private boolean send(WsContext target, byte[] bytes, AtomicLong inFlight) {
        if (inFlight.addAndGet(bytes.length) > MAX_IN_FLIGHT) {
            return false;
        }
        target.session.sendBinary(ByteBuffer.wrap(bytes), Callback.from(() -> inFlight.addAndGet(-bytes.length),
                failure -> inFlight.addAndGet(-bytes.length)));
        return true;
    }

    /** @return whether the gateway reported the tunnel runs on its direct path */
    boolean direct() {
        return directUp.get() >= 0;
    }

    /** @return bytes from the CLI to the gateway: relayed, and carried direct as the gateway reported */
    long totalUp() {
        return bytesUp.get() + Math.max(0, directUp.get());
    }

    /** @return bytes from the gateway to the CLI: relayed, and carried direct as the gateway reported */
    long totalDown() {
        return bytesDown.get() + Math.max(0, directDown.get());
    }

    /**
     * Starts the end of a direct tunnel: the first call wins and keeps its reason. The CLI's socket closes first;
     * the gateway, seeing its direct path end, sends its last usage report and closes its own.
     *
     * @return false when the end had started already
     */
    synchronized boolean beginDrain(String reason) {
        if (ended || drainReason != null) {
            return false;
        }
        drainReason = reason;
        return true;
    }

    /** @return the reason the end started with ({@link #beginDrain}), or null */
    synchronized String drainReason() {
        return drainReason;
    }

    /** Closes the CLI's socket only (the start of a direct tunnel's end). */
    void closeClient(int code, String reason) {
        WsContext c;
        synchronized (this) {
            c = client;
        }
        if (c != null) {
            try {
                c.closeSession(code, reason);
            } catch (RuntimeException e) {
                // already closed
            }
        }
    }

    /** Marks the tunnel ended; the first call wins. */
    synchronized boolean markEnded() {
        if (ended) {
            return false;
        }
        ended = true;
        early.clear();
        return true;
    }

    /** Closes both sockets (after {@link #markEnded}). */
    void closeSockets(int code, String reason) {
        WsContext c;
        WsContext g;
        synchronized (this) {
            c = client;
            g = gateway;
        }
        for (WsContext ctx : new WsContext[] {c, g}) {
            if (ctx != null) {
                try {
                    ctx.closeSession(code, reason);
                } catch (RuntimeException e) {
                    // already closed
                }
            }
        }
    }

    synchronized boolean ended() {
        return ended;
    }
}
