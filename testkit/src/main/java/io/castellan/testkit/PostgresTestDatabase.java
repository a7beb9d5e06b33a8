package io.castellan.testkit;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A throwaway PostgreSQL database for one test class: created on the server named by {@code CASTELLAN_TEST_PG_URL}
 * (default: the machine's PostgreSQL on 127.0.0.1:5432 as {@code postgres}) and dropped on {@link #close()}.
 *
 * <p>When PostgreSQL is unreachable this fails loudly, naming how to start it: a PostgreSQL suite that silently
 * skipped would let the production store go untested.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    /** Admin connection used to create and drop databases. */
    public static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private final String adminUrl;
    private final String name;
    private int schemas;

    private PostgresTestDatabase(String adminUrl, String name) {
        this.adminUrl = adminUrl;
        this.name = name;
    }

    /** Creates a fresh database named {@code castellan_test_<random>}. */
    public static PostgresTestDatabase create() {
        String adminUrl = adminUrl();
        byte[] suffix = new byte[6];
        new SecureRandom().nextBytes(suffix);
        String name = "castellan_test_" + HexFormat.of().formatHex(suffix);
        execute(adminUrl, "CREATE DATABASE " + name);
        return new PostgresTestDatabase(adminUrl, name);
    }

    /** The admin URL in use: {@code CASTELLAN_TEST_PG_URL} or {@link #DEFAULT_ADMIN_URL}. */
    public static String adminUrl() {
        String env = System.getenv("CASTELLAN_TEST_PG_URL");
        return env == null || env.isBlank() ? DEFAULT_ADMIN_URL : env;
    }

    /** Name of the throwaway database. */
    public String name() {
        return name;
    }

    /** A JDBC URL for the throwaway database, with the admin URL's parameters (user, password, ...). */
    public String jdbcUrl() {
        return JdbcUrls.withDatabase(adminUrl, name);
    }

    /**
     * Creates an empty schema in this database and returns a URL whose connections work in it: a test class can give
     * each test a clean slate in milliseconds instead of creating a database (most of a second) per test.
     */
    public synchronized String newSchemaUrl() {
        String schema = "t" + ++schemas;
        String url = jdbcUrl();
        execute(url, "CREATE SCHEMA " + schema);
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public void close() {
        execute(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for tests is not usable at " + JdbcUrls.withoutSecrets(url)
                    + " (" + e.getMessage() + "). Start it with scripts/test-env start, or point "
                    + "CASTELLAN_TEST_PG_URL at a server where this user may create databases.", e);
        }
    }
}
