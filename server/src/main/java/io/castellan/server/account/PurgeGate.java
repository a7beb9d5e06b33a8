package io.castellan.server.account;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one caller at a time through, at most once per period: opportunistic clean-up (old sessions, stale login
 * counters) rides on ordinary requests instead of needing a scheduler. Per process; several nodes each purge, which
 * is harmless (the deletes are idempotent).
 */
final class PurgeGate {

    private final Duration period;
    private final AtomicLong next = new AtomicLong();

    PurgeGate(Duration period) {
        this.period = period;
    }

    /** True for the first caller at or after the due time, which moves the due time one period on. */
    boolean due(Instant now) {
        long due = next.get();
        return now.toEpochMilli() >= due && next.compareAndSet(due, now.plus(period).toEpochMilli());
    }
}
