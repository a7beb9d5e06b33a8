package io.castellan.server.account;

import java.time.Duration;

/**
 * How failed logins are throttled (see {@link LoginThrottle}).
 *
 * @param throttleAfter after this many failures every further attempt waits: {@code baseDelay}, then twice as long
 *                      after each further failure, never more than {@code maxDelay}
 * @param lockAfter     after this many failures in a row the account is locked until an administrator re-enables it
 */
public record LoginPolicy(int throttleAfter, int lockAfter, Duration baseDelay, Duration maxDelay) {

    public LoginPolicy {
        if (throttleAfter < 1 || lockAfter < throttleAfter) {
            throw new IllegalArgumentException("need 1 <= throttleAfter <= lockAfter");
        }
        if (baseDelay.isNegative() || baseDelay.isZero() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 < baseDelay <= maxDelay");
        }
    }

    /** The wait imposed after the {@code failures}-th failure (zero below the threshold). */
    public Duration delayAfter(long failures) {
        if (failures < throttleAfter) {
            return Duration.ZERO;
        }
        long doublings = Math.min(failures - throttleAfter, 40);
        Duration delay = baseDelay;
        for (long i = 0; i < doublings && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
