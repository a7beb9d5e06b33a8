package io.castellan.gateway.router;

import io.castellan.crypto.CastellanRandom;
import java.time.Duration;

/**
 * Exponential backoff with full jitter: attempt n waits a uniformly random time in [0, min(cap, base * 2^n)), so
 * five hundred gateways that lost the same server do not come back in lock-step.
 *
 * @param base the ceiling of the first wait
 * @param cap  the largest ceiling
 */
public record Backoff(Duration base, Duration cap) {

    /**
     * Production defaults: 250 ms doubling to 10 s. The cap bounds how long a fleet needs to come back after the
     * server is up again (at most one cap: 500 gateways were all back 28 s after a restart with a 30 s cap); the cost
     * is one refused attempt per gateway every 5 s on average while the server is down.
     */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10));

    public Backoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap");
        }
    }

    /**
     * @param attempt how many connection attempts failed in a row (0 for the first retry)
     * @return how long to wait before the next attempt
     */
    public Duration delay(int attempt) {
        long ceiling = ceilingMillis(attempt);
        return Duration.ofMillis((long) (CastellanRandom.secureRandom().nextDouble() * ceiling));
    }

    /** The upper bound of {@link #delay(int)}. */
    public long ceilingMillis(int attempt) {
        int shift = Math.min(Math.max(attempt, 0), 30);
        long ceiling = base.toMillis() << shift;
        return ceiling <= 0 || ceiling > cap.toMillis() ? cap.toMillis() : ceiling;
    }
}
