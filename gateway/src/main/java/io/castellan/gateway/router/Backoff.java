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

    /** Production defaults: 250 ms doubling to 30 s. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));

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
