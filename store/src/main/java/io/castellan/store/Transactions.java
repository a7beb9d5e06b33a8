package io.castellan.store;

import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs units of work in read or write transactions, the one way repositories touch the database.
 *
 * <p><b>Writes</b> on SQLite all go through the single writer connection (transactions begin {@code IMMEDIATE}), so
 * they are serialised and never fail with {@code SQLITE_BUSY}; on PostgreSQL they are ordinary {@code READ COMMITTED}
 * transactions, and {@link #writeSerializable} gives {@code SERIALIZABLE} with retries for read-modify-write logic
 * that no row lock or conditional update covers.
 *
 * <p><b>Nesting</b>: a {@code read} or {@code write} called while the same thread is already inside a transaction
 * joins it (same handle, same commit), so repository calls compose: {@code write(h -> { records.insert(..);
 * keys.put(..); audit.append(..); })} commits all three or none. A {@code write} inside a {@code read} is a
 * programming error and throws {@link IllegalStateException} (on SQLite it would need the writer connection).
 *
 * <p>Work functions may be retried by {@link #writeSerializable}, so they should only touch the database.
 */
public final class Transactions {

    private static final int SERIALIZABLE_ATTEMPTS = 30;
    private static final long MAX_BACKOFF_MILLIS = 50;
    private static final String REPEATABLE_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";
    private static final String SERIALIZABLE = "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE";

    private final Dialect dialect;
    private final Jdbi writer;
    private final Jdbi reader;
    private final ThreadLocal<Current> current = new ThreadLocal<>();

    private record Current(Handle handle, boolean writable) {
    }

    Transactions(Dialect dialect, Jdbi writer, Jdbi reader) {
        this.dialect = dialect;
        this.writer = writer;
        this.reader = reader;
    }

    /** The engine these transactions run on. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in a read transaction, or in the current one. Every statement of it sees the same snapshot:
     * SQLite WAL readers do by nature, PostgreSQL reads run {@code REPEATABLE READ} to match.
     */
    public <R> R read(HandleCallback<R, RuntimeException> work) {
        Current outer = current.get();
        if (outer != null) {
            return work.withHandle(outer.handle());
        }
        if (dialect == Dialect.POSTGRESQL) {
            return reader.inTransaction(h -> bound(isolated(h, REPEATABLE_READ), false, work));
        }
        return reader.inTransaction(h -> bound(h, false, work));
    }

    /**
     * Runs {@code work}, which must run exactly one read statement, without an explicit transaction (inside the
     * current one if there is one). A single statement sees one snapshot on both engines, so nothing is lost; on
     * PostgreSQL it saves the round trips of BEGIN, the isolation level and COMMIT (the device API's hot path).
     */
    public <R> R readStatement(HandleCallback<R, RuntimeException> work) {
        Current outer = current.get();
        if (outer != null) {
            return work.withHandle(outer.handle());
        }
        return reader.withHandle(work);
    }

    /** Runs {@code work} in a write transaction, or in the current write transaction. */
    public <R> R write(HandleCallback<R, RuntimeException> work) {
        Current outer = current.get();
        if (outer != null) {
            return joinWrite(outer, work);
        }
        return writer.inTransaction(h -> bound(h, true, work));
    }

    /**
     * Runs {@code work} in a serialisable write transaction, re-running it (up to 30 times, with growing random pauses) when PostgreSQL
     * reports a serialisation failure or deadlock. On SQLite this is {@link #write}: one writer is serialisable.
     * Inside an existing write transaction it joins that transaction (and its isolation level).
     */
    public <R> R writeSerializable(HandleCallback<R, RuntimeException> work) {
        Current outer = current.get();
        if (outer != null) {
            return joinWrite(outer, work);
        }
        if (dialect == Dialect.SQLITE) {
            return write(work);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return writer.inTransaction(h -> bound(isolated(h, SERIALIZABLE), true, work));
            } catch (RuntimeException e) {
                if (attempt >= SERIALIZABLE_ATTEMPTS || !dialect.isRetryable(e)) {
                    throw e;
                }
                backOff(attempt, e);
            }
        }
    }

    /**
     * Sets this transaction's isolation level with its first statement ({@code SET TRANSACTION}, PostgreSQL). JDBI's
     * {@code inTransaction(level, ...)} would instead ask the driver for the session's level ({@code SHOW}, a round
     * trip) and set it before and after ({@code SET SESSION CHARACTERISTICS}, two more): 8 % of the server's CPU
     * on the device read path (bench/README.md, ksm).
     */
    private static Handle isolated(Handle h, String setTransaction) {
        h.execute(setTransaction);
        return h;
    }

    /** Sleeps a few random milliseconds so the transactions that collided do not collide again in lockstep. */
    private static void backOff(int attempt, RuntimeException failure) {
        try {
            long ceiling = Math.min(MAX_BACKOFF_MILLIS, 1L << Math.min(attempt, 6));
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    private <R> R joinWrite(Current outer, HandleCallback<R, RuntimeException> work) {
        if (!outer.writable()) {
            throw new IllegalStateException("store: a write was started inside a read transaction; "
                    + "use write(...) for the whole unit of work");
        }
        return work.withHandle(outer.handle());
    }

    private <R> R bound(Handle handle, boolean writable, HandleCallback<R, RuntimeException> work) {
        current.set(new Current(handle, writable));
        try {
            return work.withHandle(handle);
        } finally {
            current.remove();
        }
    }
}
