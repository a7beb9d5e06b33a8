package io.castellan.store;

import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The two database engines the store runs on, and the few places where they differ at run time. Everything else
 * (schema differences included) lives in the per-dialect Flyway folders, so repositories write one portable SQL
 * text: {@code ON CONFLICT ... DO UPDATE}, {@code RETURNING}, {@code LIMIT} and {@code TRUE}/{@code FALSE} mean the
 * same on SQLite 3.35+ and PostgreSQL 10+.
 */
public enum Dialect {

    /** Embedded SQLite file in WAL mode; one writer connection serialises every write. */
    SQLITE("classpath:db/migration/sqlite", "BLOB"),

    /** PostgreSQL: a pool of ordinary connections; concurrent writers, row locks, advisory locks. */
    POSTGRESQL("classpath:db/migration/postgresql", "BYTEA");

    private static final String SQLSTATE_UNIQUE_VIOLATION = "23505";
    private static final String SQLSTATE_SERIALIZATION_FAILURE = "40001";
    private static final String SQLSTATE_DEADLOCK = "40P01";

    private final String migrationLocation;
    private final String blobType;

    Dialect(String migrationLocation, String blobType) {
        this.migrationLocation = migrationLocation;
        this.blobType = blobType;
    }

    /** SQLite when the config has no JDBC URL, PostgreSQL otherwise. */
    public static Dialect of(StoreConfig config) {
        return config.jdbcUrl().isPresent() ? POSTGRESQL : SQLITE;
    }

    /** The Flyway location holding this dialect's migrations (same version numbers on both). */
    public String migrationLocation() {
        return migrationLocation;
    }

    /** The column type for ciphertext and other bytes: {@code BLOB} or {@code BYTEA}. */
    public String blobType() {
        return blobType;
    }

    /**
     * Serialises the rest of the current write transaction against every other transaction that takes the same
     * named lock, until commit or rollback. On SQLite this is a no-op: the single writer connection already
     * serialises all writes. On PostgreSQL it takes a transaction-scoped advisory lock.
     */
    public void lockExclusively(Handle handle, String lockName) {
        if (this == POSTGRESQL) {
            handle.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS taken")
                    .bind("key", (long) ("castellan:" + lockName).hashCode())
                    .mapTo(Integer.class)
                    .one();
        }
    }

    /** Whether {@code failure} (or one of its causes) is a unique or primary-key violation. */
    public boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException e && (e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)) {
                return true;
            }
            if (t instanceof SQLException e && SQLSTATE_UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code failure} means "the transaction lost a race; run it again": a PostgreSQL serialisation failure
     * or deadlock. Never true on SQLite, whose single writer cannot lose such races.
     */
    public boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e && (SQLSTATE_SERIALIZATION_FAILURE.equals(e.getSQLState())
                    || SQLSTATE_DEADLOCK.equals(e.getSQLState()))) {
                return this == POSTGRESQL;
            }
        }
        return false;
    }
}
