package io.castellan.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * A run of writes on one thread, inside one write transaction, that commits whole or not at all: no part of it is
 * rolled back while the rest commits (no savepoint rolled back between two of its writes); a failure anywhere must
 * roll the whole transaction back, as {@code ReadCommits}' plain batch does. Inside a run:
 *
 * <ul>
 *   <li>audit appends chain to each other without locking the chain and reading its tip again: the first append does
 *       both, and the transaction then holds the lock until it ends (PostgreSQL's advisory lock; on SQLite the
 *       transaction is the one writer), so the tip is the one the run wrote itself;</li>
 *   <li>audit events and replay marks ({@link UsedTransmissionKeyRepository#markUsedOrFail}) are queued and written
 *       when the run's work returns, still inside the transaction, as one JDBC batch each (marks first): on
 *       PostgreSQL two round trips for the whole run instead of one per write. Reads inside the run do not see them,
 *       and a mark found already used fails the whole run (its exception is thrown from {@link #run}).</li>
 * </ul>
 *
 * <p>Why it is safe: the queued rows are written before the transaction can commit, in the order they were made; the
 * lock taken by the first append is held until the end, so no other appender can slip between the tip the run read
 * and the events it writes. A failing flush throws, and the caller's transaction rolls back with nothing written.
 */
public final class BatchedRun {

    /** Static: a run is a thread's, whichever repository of whichever store writes (the handle tells them apart). */
    private static final ThreadLocal<BatchedRun> CURRENT = new ThreadLocal<>();

    /** A replay mark waiting for the run's end, and what to throw if its hash was used before. */
    record Mark(byte[] hash, long expiresAtMillis, Supplier<? extends RuntimeException> replayed) {
    }

    private Handle handle;
    private AuditEventRepository.Tip tip;
    private final List<Mark> marks = new ArrayList<>();
    private final List<AuditEvent> events = new ArrayList<>();

    private BatchedRun() {
    }

    /**
     * Runs {@code work} as a batched run (inside the caller's write transaction), then writes what it queued. A run
     * inside a run is part of the outer one.
     *
     * @throws RuntimeException what {@code work} threw, or the {@code replayed} failure of a mark already used, or
     *                          the failure of writing the queued rows; the caller's transaction must then roll back
     */
    public static void run(Runnable work) {
        if (CURRENT.get() != null) {
            work.run();
            return;
        }
        BatchedRun run = new BatchedRun();
        CURRENT.set(run);
        try {
            work.run();
            run.flush();
        } finally {
            CURRENT.remove();
        }
    }

    /**
     * The run of this thread that writes through {@code h}, binding the run to it on its first write; null outside a
     * run, or when {@code h} is another transaction's handle (that write then happens at once, as outside a run).
     */
    static BatchedRun joining(Handle h) {
        BatchedRun run = CURRENT.get();
        if (run == null) {
            return null;
        }
        if (run.handle == null) {
            run.handle = h;
        }
        return run.handle == h ? run : null;
    }

    /** The newest event this run chained, or null before its first append (which must lock and read the tip). */
    AuditEventRepository.Tip tip() {
        return tip;
    }

    void queue(AuditEvent event) {
        events.add(event);
        tip = new AuditEventRepository.Tip(event.seq(), event.hash());
    }

    void queue(Mark mark) {
        marks.add(mark);
    }

    private void flush() {
        if (handle == null) {
            return;
        }
        if (!marks.isEmpty()) {
            UsedTransmissionKeyRepository.insertAll(handle, marks);
        }
        if (!events.isEmpty()) {
            AuditEventRepository.insertAll(handle, events);
        }
    }
}
