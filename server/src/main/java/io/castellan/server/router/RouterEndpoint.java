package io.castellan.server.router;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.gateway.Challenge;
import io.castellan.model.gateway.GatewayFrame;
import io.castellan.model.gateway.GatewayProtocol;
import io.castellan.model.gateway.Hello;
import io.castellan.model.gateway.JobUpdate;
import io.castellan.model.gateway.Ping;
import io.castellan.model.gateway.Pong;
import io.castellan.server.audit.Audit;
import io.castellan.store.GatewayConnection;
import io.castellan.store.GatewayRepository;
import io.castellan.store.Store;
import io.castellan.store.StoredGateway;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket endpoint gateways connect to. Open → Challenge; Hello → verified → Welcome (the node records that it
 * holds the socket, audits {@code gateway_online} and sends queued jobs) or Refused and close; afterwards Ping/Pong
 * and JobUpdates. Close → the connection row goes and {@code gateway_offline} is audited (unless the gateway was
 * removed or reconnected meanwhile).
 */
final class RouterEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(RouterEndpoint.class);

    private final RouterNode node;

    RouterEndpoint(RouterNode node) {
        this.node = node;
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> opened(ctx));
        ws.onMessage(ctx -> message(ctx, ctx.message()));
        ws.onBinaryMessage(ctx -> socket(ctx).ifPresent(s -> refuse(s, new Refusal(ErrorCode.BAD_REQUEST, "binary",
                "binary frames are not part of the Router protocol", false))));
        ws.onClose(ctx -> closed(ctx));
        ws.onError(ctx -> LOG.debug("gateway socket error: {}",
                ctx.error() == null ? "unknown" : ctx.error().getClass().getSimpleName()));
    }

    private void opened(WsContext ctx) {
        String nonce = Base64s.encodeWebSafe(CastellanRandom.bytes(32));
        GatewaySocket socket = new GatewaySocket(ctx, ctx.sessionId(), nonce, remoteIp(ctx.session.getRemoteSocketAddress()));
        node.registry.opened(socket);
        socket.send(new Challenge(GatewayProtocol.VERSION, nonce, node.nodeId));
    }

    private Optional<GatewaySocket> socket(WsContext ctx) {
        return node.registry.byConnectionId(ctx.sessionId());
    }

    private void message(WsContext ctx, String text) {
        GatewaySocket socket = socket(ctx).orElse(null);
        if (socket == null || socket.closed()) {
            return;
        }
        socket.heard();
        GatewayFrame frame;
        try {
            frame = GatewayProtocol.decode(text);
        } catch (IllegalArgumentException e) {
            LOG.warn("malformed frame ({} characters) from gateway {} ignored", text.length(), socket.label());
            if (socket.gateway() == null) {
                refuse(socket, new Refusal(ErrorCode.BAD_REQUEST, "malformed", "malformed frame", false));
            }
            return;
        }
        if (socket.gateway() == null) {
            if (frame instanceof Hello hello) {
                authenticate(socket, hello);
            } else {
                refuse(socket, new Refusal(ErrorCode.UNAUTHENTICATED, "no_hello",
                        "the first frame must be a Hello answering the challenge", false));
            }
            return;
        }
        switch (frame) {
            case Ping p -> socket.send(new Pong(p.seq(), p.sentAt()));
            case Pong p -> { } // heard() already counted it
            case JobUpdate u -> node.jobs.onUpdate(socket, u);
            default -> LOG.warn("unexpected {} frame from gateway {} ignored", frame.getClass().getSimpleName(),
                    socket.label());
        }
    }

    private void authenticate(GatewaySocket socket, Hello hello) {
        StoredGateway gateway;
        try {
            gateway = node.verifier.verify(hello, socket.nonce, socket.remoteIp);
        } catch (Refusal r) {
            refuse(socket, r);
            return;
        }
        socket.authenticated(gateway, hello.jobCapacity());
        Instant now = node.clock.instant();
        try {
            node.store.write(h -> {
                node.gateways.connect(new GatewayConnection(gateway.uid(), node.nodeId, socket.connectionId, now, now,
                        hello.version(), Optional.ofNullable(socket.remoteIp), Instant.ofEpochMilli(
                                Math.max(0, hello.startedAt()))));
                node.audit.record(GatewayAuditEvents.GATEWAY_ONLINE, actor(gateway), socket.remoteIp,
                        List.of(gateway.appUid(), gateway.uid()), Audit.SUCCESS,
                        Map.of("node", node.nodeId, "version", hello.version()));
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("gateway {} could not be recorded online: {}", gateway.uid(), e.getClass().getSimpleName());
            refuse(socket, new Refusal(ErrorCode.UNAVAILABLE, "store", "the server cannot record the connection"
                    + " now; retry later", true));
            return;
        }
        try {
            node.jobs.requeueUnacknowledged(gateway.uid(), now);
            node.jobs.failOrphaned(gateway.uid(), Instant.ofEpochMilli(Math.max(0, hello.startedAt())));
        } catch (RuntimeException e) {
            LOG.warn("gateway {}: unacknowledged jobs not re-queued ({}); they time out", gateway.uid(),
                    e.getClass().getSimpleName());
        }
        node.registry.authenticated(socket).ifPresent(old -> old.close(GatewaySocket.CLOSE_GOING_AWAY,
                "replaced by a newer connection"));
        socket.send(new io.castellan.model.gateway.Welcome(gateway.uid(), node.heartbeat.toMillis(), node.nodeId));
        LOG.info("gateway {} online on node {} from {} (version {})", gateway.uid(), node.nodeId, socket.remoteIp,
                hello.version());
        node.jobs.dispatchQueuedHere();
        node.online(gateway);
    }

    private void refuse(GatewaySocket socket, Refusal r) {
        LOG.warn("gateway connection {} from {} refused: {}", socket.connectionId, socket.remoteIp, r.reason());
        try {
            node.audit.record(GatewayAuditEvents.GATEWAY_CONNECT_REFUSED, "gateway", socket.remoteIp, List.of(),
                    Audit.DENIED, Map.of("reason", r.reason()));
        } catch (RuntimeException e) {
            LOG.warn("refusal of gateway connection {} not audited: {}", socket.connectionId,
                    e.getClass().getSimpleName());
        }
        socket.send(r.frame());
        socket.close(GatewaySocket.CLOSE_POLICY, "refused");
    }

    private void closed(WsContext ctx) {
        socket(ctx).ifPresent(socket -> node.offline(socket, "socket closed"));
    }

    static String actor(StoredGateway g) {
        return "gateway:" + g.uid();
    }

    static String remoteIp(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return null;
    }

    static Duration authTimeout() {
        return RouterNode.AUTH_TIMEOUT;
    }
}
