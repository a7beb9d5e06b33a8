package io.castellan.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A row of {@code gateway_connections}: the live Router socket of a gateway and the server node holding it.
 *
 * @param connectionId  random id of this socket, so a node closing an old socket never deletes a newer one's row
 * @param lastSeenAt    the last heartbeat the holding node saw
 * @param version       the gateway's version string
 * @param startedAt     when the gateway process started
 */
public record GatewayConnection(String gatewayUid, String nodeId, String connectionId, Instant connectedAt,
        Instant lastSeenAt, String version, Optional<String> remoteAddress, Instant startedAt) {
}
