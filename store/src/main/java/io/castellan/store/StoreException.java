package io.castellan.store;

/**
 * A storage failure the caller can act on. The {@link Reason} says what kind of failure it is (so the server can map
 * it to an exit code or an HTTP status), and the message says what is wrong and what to do about it.
 *
 * <p>Messages never contain a password: anything taken from a JDBC URL or a driver message is scrubbed first.
 */
public class StoreException extends RuntimeException {

    /** What went wrong, coarsely enough to act on. */
    public enum Reason {
        /** The data directory cannot be created or used. */
        DATA_DIR,
        /** The database server cannot be reached or refused the login. */
        UNREACHABLE,
        /** The SQLite file is not a database, or fails its integrity check. */
        CORRUPT,
        /** The database was migrated by a newer Castellan than this build. Nothing was changed. */
        SCHEMA_TOO_NEW,
        /** Flyway could not validate or apply the migrations. */
        MIGRATION_FAILED,
        /** An optimistic-concurrency check failed: somebody else changed the row first. */
        CONFLICT,
        /** The row to change does not exist (or is deleted). */
        NOT_FOUND,
        /** A row with the same unique key already exists. */
        DUPLICATE
    }

    private final Reason reason;

    public StoreException(Reason reason, String message) {
        this(reason, message, null);
    }

    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The kind of failure. */
    public Reason reason() {
        return reason;
    }
}
