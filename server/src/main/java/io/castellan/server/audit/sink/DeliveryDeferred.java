package io.castellan.server.audit.sink;

import java.io.IOException;
import java.time.Duration;

/**
 * Thrown by a sender that cannot take the batch yet but is not failing (an alert rule over its rate): the delivery
 * loop waits {@code retryAfter} and tries again, without recording an error.
 */
public final class DeliveryDeferred extends IOException {

    private final Duration retryAfter;

    public DeliveryDeferred(String why, Duration retryAfter) {
        super(why);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
