package io.castellan.server.router;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway sockets this node holds: every open socket by connection id, and authenticated ones by gateway UID
 * (one per gateway: a newer socket of the same gateway replaces and closes the older).
 */
final class ConnectionRegistry {

    private final ConcurrentHashMap<String, GatewaySocket> byConnection = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, GatewaySocket> byGateway = new ConcurrentHashMap<>();

    void opened(GatewaySocket socket) {
        byConnection.put(socket.connectionId, socket);
    }

    /** @return the older socket of the same gateway this one replaces, if any */
    Optional<GatewaySocket> authenticated(GatewaySocket socket) {
        return Optional.ofNullable(byGateway.put(socket.gateway().uid(), socket)).filter(old -> old != socket);
    }

    /** Forgets a socket; returns whether it was the gateway's current one. */
    boolean closed(GatewaySocket socket) {
        byConnection.remove(socket.connectionId);
        return socket.gateway() != null && byGateway.remove(socket.gateway().uid(), socket);
    }

    Optional<GatewaySocket> byConnectionId(String connectionId) {
        return Optional.ofNullable(byConnection.get(connectionId));
    }

    Optional<GatewaySocket> gateway(String gatewayUid) {
        return Optional.ofNullable(byGateway.get(gatewayUid));
    }

    Collection<GatewaySocket> all() {
        return List.copyOf(byConnection.values());
    }

    int size() {
        return byConnection.size();
    }
}
