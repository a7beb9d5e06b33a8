package io.castellan.server.scheduler;

import java.time.Duration;

/**
 * How the scheduler runs.
 *
 * @param poll         how often each node looks for due rows
 * @param check        how often the outcome of a submitted job is looked at
 * @param maxFailures  consecutive failures that flag a rotation (and stop it)
 * @param backoffBase  the wait before the first retry; each further failure doubles it
 * @param backoffMax   the longest wait between retries
 * @param batch        due rows one pass handles at most
 */
public record SchedulerOptions(Duration poll, Duration check, int maxFailures, Duration backoffBase,
        Duration backoffMax, int batch) {

    /**
     * Polls twice a second (a poll is one indexed query; a second between polls spent half of the 2 s lateness
     * budget), checks after 5 s, 3 failures, retries after 1, 2, 4 ... minutes up to an hour.
     */
    public static final SchedulerOptions DEFAULT = new SchedulerOptions(Duration.ofMillis(500), Duration.ofSeconds(5),
            3, Duration.ofMinutes(1), Duration.ofHours(1), 500);

    public SchedulerOptions {
        if (poll.isNegative() || poll.isZero() || check.isNegative() || check.isZero()) {
            throw new IllegalArgumentException("poll and check intervals must be positive");
        }
        if (maxFailures < 1 || batch < 1) {
            throw new IllegalArgumentException("maxFailures and batch must be at least 1");
        }
    }

    /** The wait before retry number {@code failures} (1-based). */
    Duration backoff(int failures) {
        Duration wait = backoffBase;
        for (int i = 1; i < failures && wait.compareTo(backoffMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(backoffMax) > 0 ? backoffMax : wait;
    }
}
