package io.castellan.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Opens the PostgreSQL database named by a {@code jdbc:postgresql:} URL: probes it once with a plain connection (so
 * an unreachable server gives one clear message instead of a pool's retry noise), migrates, and builds one Hikari
 * pool that serves both reads and writes.
 */
final class PostgresDatabase {

    /** Enough for a server on a few cores; several server nodes share one PostgreSQL, so stay modest. */
    private static final int POOL_SIZE = 10;
    private static final long CONNECTION_TIMEOUT_MILLIS = 10_000;

    private PostgresDatabase() {
    }

    /** Opens and migrates the database at {@code url}; the caller owns the returned pools. */
    static Pools open(String url) {
        probe(url);
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("castellan-store-postgresql");
        hc.setJdbcUrl(url);
        hc.setMaximumPoolSize(POOL_SIZE);
        hc.setMinimumIdle(2);
        hc.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw unreachable(url, e);
        }
        try {
            Migrations.migrate(pool, Dialect.POSTGRESQL, url);
            return new Pools(pool, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static void probe(String url) {
        try (Connection c = DriverManager.getConnection(url)) {
            c.isValid(5);
        } catch (SQLException e) {
            throw unreachable(url, e);
        }
    }

    /** A message naming the server but never the password; the driver's exception is dropped for the same reason. */
    private static StoreException unreachable(String url, Exception e) {
        String state = e instanceof SQLException sql && sql.getSQLState() != null ? " [SQLState " + sql.getSQLState()
                + "]" : "";
        return new StoreException(StoreException.Reason.UNREACHABLE, "cannot connect to PostgreSQL at "
                + JdbcUrls.describePostgres(url) + ": " + JdbcUrls.scrub(e.getMessage(), url) + state
                + ". Check that PostgreSQL is running and accepts TCP connections there, and that the URL's host,"
                + " port, database, user and password are right.");
    }
}
