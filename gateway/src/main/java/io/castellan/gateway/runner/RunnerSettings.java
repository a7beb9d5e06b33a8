package io.castellan.gateway.runner;

import java.time.Duration;

/**
 * The runner's limits.
 *
 * @param maxConcurrent jobs that run at the same time
 * @param queueCapacity jobs accepted beyond those, waiting for a free slot; more are rejected
 * @param maxTimeout the longest per-job timeout accepted from the server
 */
public record RunnerSettings(int maxConcurrent, int queueCapacity, Duration maxTimeout) {

    /** Default concurrency. */
    public static final int DEFAULT_CONCURRENCY = 4;
    /** Default queue length. */
    public static final int DEFAULT_QUEUE = 32;

    /** Checks the limits. */
    public RunnerSettings {
        if (maxConcurrent < 1 || maxConcurrent > 256) {
            throw new IllegalArgumentException("job concurrency must be between 1 and 256");
        }
        if (queueCapacity < 0 || queueCapacity > 10_000) {
            throw new IllegalArgumentException("the job queue must hold between 0 and 10000 jobs");
        }
        if (maxTimeout.isNegative() || maxTimeout.isZero()) {
            throw new IllegalArgumentException("the longest job timeout must be positive");
        }
    }

    /** @return 4 at once, 32 waiting, timeouts up to 24 hours */
    public static RunnerSettings defaults() {
        return new RunnerSettings(DEFAULT_CONCURRENCY, DEFAULT_QUEUE, Duration.ofHours(24));
    }
}
