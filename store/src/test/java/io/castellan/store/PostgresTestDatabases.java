package io.castellan.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throwaway PostgreSQL for tests: one database {@code castellan_test_<random>} per test run, created through the
 * admin URL on first use and dropped by {@link #drop()}; inside it, {@link #create()} gives every test its own empty
 * schema (creating a schema takes milliseconds, a database most of a second).
 *
 * <p>The admin URL is {@code CASTELLAN_TEST_PG_URL}, by default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}. An unreachable server fails the tests (it does not
 * skip them) with a message saying how to start one.
 */
final class PostgresTestDatabases {

    static final String ADMIN_URL = adminUrl();
    private static final Pattern DATABASE_PART = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$");

    private final String database = "castellan_test_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private boolean created;
    private int schemas;

    /** Creates an empty schema in this run's database and returns a URL whose connections work in it. */
    synchronized String create() {
        if (!created) {
            execute(ADMIN_URL, "CREATE DATABASE " + database);
            created = true;
        }
        String schema = "t" + ++schemas;
        String databaseUrl = withDatabase(database);
        execute(databaseUrl, "CREATE SCHEMA " + schema);
        return databaseUrl + (databaseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Drops this run's database, if it was created. */
    synchronized void drop() {
        if (created) {
            execute(ADMIN_URL, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            created = false;
        }
    }

    private static String adminUrl() {
        String env = System.getenv("CASTELLAN_TEST_PG_URL");
        return env == null || env.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres" : env.strip();
    }

    private static String withDatabase(String name) {
        Matcher m = DATABASE_PART.matcher(ADMIN_URL);
        if (!m.matches()) {
            throw new AssertionError("CASTELLAN_TEST_PG_URL must look like jdbc:postgresql://host:port/db?user=...");
        }
        return m.group(1) + name + m.group(3);
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL test server not usable at " + JdbcUrls.describePostgres(url)
                    + " (" + JdbcUrls.scrub(e.getMessage(), url) + ") while running: " + sql + ". Start PostgreSQL"
                    + " (Debian: `sudo pg_ctlcluster 15 main start` or `sudo service postgresql start`; install with"
                    + " `apt-get install postgresql`), or set CASTELLAN_TEST_PG_URL to an admin JDBC URL whose user"
                    + " may CREATE DATABASE.");
        }
    }
}
