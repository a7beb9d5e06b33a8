package io.castellan.server.audit.sink;

import java.time.Duration;

/**
 * How delivery loops pace themselves: at most {@code batchSize} events per send; {@code poll} between looks for new
 * events; failed sends back off from {@code backoffMin}, doubling, to {@code backoffMax}; a node's lease on a target
 * lasts {@code lease} (renewed every round) and the configured targets are re-read every {@code reconcile}.
 */
public record DeliveryOptions(int batchSize, Duration poll, Duration backoffMin, Duration backoffMax, Duration lease,
        Duration reconcile) {

    public static final DeliveryOptions DEFAULTS = new DeliveryOptions(500, Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(3));
}
