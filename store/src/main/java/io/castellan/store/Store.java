package io.castellan.store;

import java.time.Clock;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opened store: the vault's database, migrated to this build's schema, with its transaction helpers and
 * repositories. Thread-safe; open one per process and {@link #close()} it on shutdown.
 *
 * <p>{@link #open} refuses, with a {@link StoreException} saying what to do, a database a newer Castellan has
 * migrated ({@code SCHEMA_TOO_NEW}), a damaged SQLite file ({@code CORRUPT}) and an unreachable PostgreSQL
 * ({@code UNREACHABLE}); in none of these cases does it change the database.
 *
 * <p>On SQLite the database is {@code <dataDir>/castellan.db} and the data directory is created (mode 0700) if
 * missing; on PostgreSQL the store does not touch the data directory.
 */
public final class Store implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    private final Dialect dialect;
    private final Pools pools;
    private final Jdbi writerJdbi;
    private final Transactions transactions;
    private final UserRepository users;
    private final RecordRepository records;
    private final RecordKeyRepository recordKeys;
    private final AuditEventRepository auditEvents;
    private final SettingsRepository settings;

    private Store(Dialect dialect, Pools pools, Clock clock) {
        this.dialect = dialect;
        this.pools = pools;
        this.writerJdbi = Jdbi.create(pools.writer());
        Jdbi readerJdbi = pools.reader() == pools.writer() ? writerJdbi : Jdbi.create(pools.reader());
        if (dialect == Dialect.SQLITE) {
            SqliteStatementCache statements = new SqliteStatementCache();
            writerJdbi.setStatementBuilderFactory(statements);
            readerJdbi.setStatementBuilderFactory(statements);
        }
        this.transactions = new Transactions(dialect, writerJdbi, readerJdbi);
        this.users = new UserRepository(transactions, clock);
        this.records = new RecordRepository(transactions, clock);
        this.recordKeys = new RecordKeyRepository(transactions, clock);
        this.auditEvents = new AuditEventRepository(transactions);
        this.settings = new SettingsRepository(transactions);
    }

    /** Opens (creating and migrating if needed) the store described by {@code config}. */
    public static Store open(StoreConfig config) {
        // before the first statement: no JFR recording may capture bind parameters
        JdbiFlightEvents.disable();
        Dialect dialect = Dialect.of(config);
        Pools pools = switch (dialect) {
            case SQLITE -> SqliteDatabase.open(config);
            case POSTGRESQL -> PostgresDatabase.open(config.jdbcUrl().orElseThrow());
        };
        Store store = new Store(dialect, pools, Clock.systemUTC());
        LOG.info("store open: {} at schema version {} ({})", dialect, store.schemaVersion(), config);
        return store;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * JDBI over the write pool, for work the helpers below do not cover. On SQLite every handle from it is the one
     * writer connection: keep such work short, never open one inside {@link #read}/{@link #write} (it would wait for
     * the connection the same thread holds), and prefer those helpers.
     */
    public Jdbi jdbi() {
        return writerJdbi;
    }

    /** The transaction helpers the repositories use; see {@link Transactions}. */
    public Transactions transactions() {
        return transactions;
    }

    /** Runs {@code work} in a read transaction (or the current transaction). */
    public <R> R read(HandleCallback<R, RuntimeException> work) {
        return transactions.read(work);
    }

    /** Runs {@code work} in a write transaction (or the current write transaction). */
    public <R> R write(HandleCallback<R, RuntimeException> work) {
        return transactions.write(work);
    }

    /** Runs {@code work} in a serialisable write transaction, retried on PostgreSQL serialisation failures. */
    public <R> R writeSerializable(HandleCallback<R, RuntimeException> work) {
        return transactions.writeSerializable(work);
    }

    /** The schema version now in the database (the highest successfully applied migration). */
    public int schemaVersion() {
        return read(h -> h.createQuery("SELECT version FROM " + Migrations.HISTORY_TABLE
                        + " WHERE success = TRUE AND version IS NOT NULL")
                .mapTo(String.class)
                .list()
                .stream()
                .mapToInt(Integer::parseInt)
                .max()
                .orElse(0));
    }

    public UserRepository users() {
        return users;
    }

    public RecordRepository records() {
        return records;
    }

    public RecordKeyRepository recordKeys() {
        return recordKeys;
    }

    public AuditEventRepository auditEvents() {
        return auditEvents;
    }

    public SettingsRepository settings() {
        return settings;
    }

    /** Closes the connection pools. */
    @Override
    public void close() {
        pools.close();
    }
}
