package io.castellan.gateway.rotation;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One rotation at a time per pamUser on this gateway. Two rotations of one account running together (a schedule and
 * an on-demand request, or a job sent again) would each write a pending value and change the target, and the safety
 * protocol's "which credential logs in" could then pick the wrong one; so the second waits for the first. All
 * rotations of a pamUser go to the gateway of its configuration, so a lock in this process is enough. Entries live
 * only while held or awaited.
 */
final class RecordLocks {

    private static final class Entry {
        final Semaphore permit = new Semaphore(1);
        int users;
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** A held lock; closing it releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the lock of {@code recordUid}, waiting until {@code deadline} at most.
     *
     * @return the held lock, or null when the deadline passed first
     */
    Held acquire(String recordUid, Instant deadline) throws InterruptedException {
        Entry entry = entries.compute(recordUid, (uid, e) -> {
            Entry held = e == null ? new Entry() : e;
            held.users++;
            return held;
        });
        boolean taken = false;
        try {
            long wait = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            taken = entry.permit.tryAcquire(wait, TimeUnit.MILLISECONDS);
        } finally {
            if (!taken) {
                leave(recordUid, entry);
            }
        }
        if (!taken) {
            return null;
        }
        return () -> {
            entry.permit.release();
            leave(recordUid, entry);
        };
    }

    /** @return how many records have a lock held or awaited (for tests) */
    int size() {
        return entries.size();
    }

    private void leave(String recordUid, Entry entry) {
        entries.computeIfPresent(recordUid, (uid, e) -> {
            if (e != entry) {
                return e;
            }
            e.users--;
            return e.users == 0 ? null : e;
        });
    }
}
