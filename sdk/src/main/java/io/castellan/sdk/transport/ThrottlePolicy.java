package io.castellan.sdk.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How a device reacts to {@code {"error":"throttled","retry_after":s}} (HTTP 403): it waits {@code s} seconds, but
 * never longer than {@code maxWait} and never less than one second, and retries at most {@code maxRetries} times
 * before reporting {@code THROTTLED}. Keeper's JS 17.5 / Java 17.3 SDKs retry 5 times with 11·2<sup>n</sup> s backoff;
 * honouring the server's own hint with a cap keeps a gateway responsive instead of sleeping for minutes.
 *
 * @param maxRetries retries after the first attempt (0 disables retrying)
 * @param maxWait the longest single wait
 * @param sleeper how to wait
 */
public record ThrottlePolicy(int maxRetries, Duration maxWait, Sleeper sleeper) {

    /** Three retries, at most 60 s each. */
    public static final ThrottlePolicy DEFAULT = new ThrottlePolicy(3, Duration.ofSeconds(60), Sleeper.SYSTEM);

    /** Validates the bounds. */
    public ThrottlePolicy {
        if (maxRetries < 0 || maxRetries > 20) {
            throw new IllegalArgumentException("maxRetries must be 0..20, was " + maxRetries);
        }
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(sleeper, "sleeper");
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be positive");
        }
    }

    /** @param retryAfterSeconds the server's hint, or {@code null} */
    Duration waitFor(Long retryAfterSeconds) {
        long seconds = retryAfterSeconds == null ? 1 : Math.max(1, retryAfterSeconds);
        Duration wanted = Duration.ofSeconds(Math.min(seconds, 86_400));
        return wanted.compareTo(maxWait) > 0 ? maxWait : wanted;
    }
}
