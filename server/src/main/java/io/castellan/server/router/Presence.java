package io.castellan.server.router;

import io.castellan.store.GatewayConnection;
import io.castellan.store.GatewayRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a gateway is online, from the store (so any node answers alike): it has a connection row whose holder saw
 * it within three heartbeats (plus one for the holder's own sweep). A row left by a node that crashed goes stale and
 * stops counting.
 */
final class Presence {

    private final GatewayRepository gateways;
    private final Clock clock;
    private final Duration freshness;

    Presence(GatewayRepository gateways, Clock clock, Duration heartbeat) {
        this.gateways = gateways;
        this.clock = clock;
        this.freshness = heartbeat.multipliedBy(4);
    }

    /** @return the live connection of the gateway, or empty when it is offline */
    Optional<GatewayConnection> live(String gatewayUid) {
        return gateways.connection(gatewayUid).filter(this::fresh);
    }

    boolean fresh(GatewayConnection c) {
        return !c.lastSeenAt().isBefore(clock.instant().minus(freshness));
    }
}
