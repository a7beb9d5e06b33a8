package io.castellan.server.tunnel;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.ConstantTime;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Signatures;
import io.castellan.model.tunnel.TunnelProtocol;
import io.castellan.store.DeviceRepository;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two WebSocket endpoints of a tunnel. The CLI presents its one-time relay token ({@code Authorization: Bearer});
 * the gateway presents the tunnel id and its client id ({@code ?tunnel=&client=}) and its device key's signature over
 * {@link TunnelProtocol#relaySignedBytes} with the nonce of its {@code tunnel-open} command
 * ({@code Authorization: Signature}). Credentials in the URL (the first version's {@code ?token=} and
 * {@code &signature=}) are refused, since addresses end up in logs. Either end is refused (close 1008) when anything
 * does not match; after that, binary messages are relayed and text messages refused.
 */
final class TunnelEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelEndpoints.class);

    private final TunnelRelay relay;
    private final DeviceRepository devices;
    private final java.util.concurrent.ConcurrentHashMap<String, RelayedTunnel> bySession =
            new java.util.concurrent.ConcurrentHashMap<>();

    TunnelEndpoints(TunnelRelay relay) {
        this.relay = relay;
        this.devices = new DeviceRepository(relay.store.transactions(), relay.clock);
    }

    void configureClient(WsConfig ws) {
        ws.onConnect(ctx -> {
            if (credentialInUrl(ctx)) {
                relay.redeem(ctx.queryParam("token")); // used up: a token that may now sit in a log opens nothing
                return;
            }
            Optional<RelayedTunnel> tunnel = relay.redeem(credential(ctx, TunnelProtocol.BEARER));
            if (tunnel.isEmpty() || !tunnel.get().attachClient(ctx)) {
                LOG.warn("tunnel connection from {} refused: unknown, used or expired relay token",
                        ctx.session.getRemoteSocketAddress());
                ctx.closeSession(TunnelRelay.CLOSE_POLICY, "unknown, used or expired relay token");
                return;
            }
            joined(ctx, tunnel.get(), "CLI");
        });
        common(ws, true);
    }

    void configureGateway(WsConfig ws) {
        ws.onConnect(ctx -> {
            if (credentialInUrl(ctx)) {
                return;
            }
            Optional<RelayedTunnel> tunnel = relay.tunnel(ctx.queryParam("tunnel"));
            if (tunnel.isEmpty() || !gatewayProves(tunnel.get(), ctx) || !tunnel.get().attachGateway(ctx)) {
                LOG.warn("gateway tunnel connection from {} refused (tunnel {})",
                        ctx.session.getRemoteSocketAddress(), TunnelProtocol.printable(ctx.queryParam("tunnel")));
                ctx.closeSession(TunnelRelay.CLOSE_POLICY, "not this tunnel's gateway, or the tunnel is gone");
                return;
            }
            joined(ctx, tunnel.get(), "gateway");
        });
        common(ws, false);
    }

    private void joined(WsContext ctx, RelayedTunnel tunnel, String who) {
        bySession.put(ctx.sessionId(), tunnel);
        ctx.enableAutomaticPings(10, TimeUnit.SECONDS); // idle tunnels stay open through the socket's idle timeout
        LOG.info("tunnel {}: {} joined", tunnel.id, who);
    }

    private void common(WsConfig ws, boolean fromClient) {
        String who = fromClient ? "the CLI" : "the gateway";
        ws.onBinaryMessage(ctx -> {
            RelayedTunnel t = bySession.get(ctx.sessionId());
            if (t != null) {
                t.relay(fromClient, ctx.data());
            }
        });
        ws.onMessage(ctx -> {
            RelayedTunnel t = bySession.get(ctx.sessionId());
            if (t != null) {
                relay.end(t, who + " sent a text frame, which tunnels do not carry", TunnelRelay.CLOSE_POLICY);
            }
        });
        ws.onClose(ctx -> {
            RelayedTunnel t = bySession.remove(ctx.sessionId());
            if (t == null) {
                return;
            }
            relay.socketClosed(t, fromClient, who + " closed the tunnel");
        });
        ws.onError(ctx -> {
            RelayedTunnel t = bySession.get(ctx.sessionId());
            if (t != null) {
                Throwable error = ctx.error();
                LOG.warn("tunnel {}: {}'s connection failed: {}", t.id, who, error == null ? "?"
                        : error.getClass().getSimpleName() + " " + TunnelProtocol.printable(error.getMessage()));
                relay.end(t, who + "'s connection failed");
            }
        });
    }

    /** Refuses (and closes) a connection that put its credential in the URL: the token may now be in a log. */
    private static boolean credentialInUrl(WsContext ctx) {
        if (ctx.queryParam("token") == null && ctx.queryParam("signature") == null) {
            return false;
        }
        LOG.warn("tunnel connection from {} refused: credential in the URL", ctx.session.getRemoteSocketAddress());
        ctx.closeSession(TunnelRelay.CLOSE_POLICY, "send the tunnel credential in the Authorization header, not in"
                + " the URL");
        return true;
    }

    /** @return the credential after {@code scheme} in the Authorization header, or null */
    private static String credential(WsContext ctx, String scheme) {
        String header = ctx.header(TunnelProtocol.AUTHORIZATION);
        if (header == null || header.length() > 256 || !header.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return null;
        }
        return header.substring(scheme.length()).strip();
    }

    private boolean gatewayProves(RelayedTunnel tunnel, WsContext ctx) {
        String clientId = ctx.queryParam("client");
        String signature = credential(ctx, TunnelProtocol.SIGNATURE);
        if (clientId == null || signature == null || signature.length() > 128
                || !ConstantTime.equals(tunnel.gatewayClientId, clientId)) {
            return false;
        }
        try {
            byte[] key = devices.get(clientId).flatMap(d -> d.publicKey()).orElse(null);
            return key != null && Signatures.verifyDer(EcKeys.publicKeyFromRaw(key),
                    TunnelProtocol.relaySignedBytes(clientId, tunnel.id, tunnel.nonce), Base64s.decodeWebSafe(signature));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
