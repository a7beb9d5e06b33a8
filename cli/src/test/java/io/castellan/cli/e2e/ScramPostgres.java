package io.castellan.cli.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The PostgreSQL cluster scripts/test-env starts on 127.0.0.1:5433 with scram-sha-256 for every login, so that
 * "logs in" proves a password (the machine's main cluster trusts 127.0.0.1). Roles made here are dropped by
 * {@link #dropRole}.
 */
public final class ScramPostgres {

    /** The cluster's JDBC URL. */
    public static final String URL = "jdbc:postgresql://127.0.0.1:5433/postgres";
    private static final Path TEST_ENV = Path.of(System.getenv().getOrDefault("CASTELLAN_TEST_ENV_DIR",
            "/var/tmp/castellan-test-env"));
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScramPostgres() {
    }

    /** @return the superuser's password (written by scripts/test-env) */
    public static String superPassword() {
        try {
            return Files.readString(TEST_ENV.resolve("pg/superuser.password")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("the scram PostgreSQL cluster is not set up: run scripts/test-env start"
                    + " (as root: scripts/test-env install)", e);
        }
    }

    /** @return a role name no test used before, with the given prefix and 8 hex digits */
    public static String uniqueName(String prefix) {
        return prefix + hex(4);
    }

    /** @return a random password with the given prefix */
    public static String password(String prefix) {
        return prefix + hex(10);
    }

    /** Creates a login role with that password. */
    public static void createRole(String role, String password) throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        }
    }

    /** Drops a role made by {@link #createRole}, if it exists. */
    public static void dropRole(String role) throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    /** @return whether the role logs in with the password (false only for a refused password, SQLSTATE 28P01) */
    public static boolean logsIn(String role, String password) {
        Properties p = new Properties();
        p.setProperty("user", role);
        p.setProperty("password", password);
        try (Connection c = DriverManager.getConnection(URL, p)) {
            return c.isValid(5);
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("the scram cluster on 5433 did not answer: " + e.getSQLState(), e);
        }
    }

    /** @return a connection as the cluster's superuser */
    public static Connection admin() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", superPassword());
        return DriverManager.getConnection(URL, p);
    }

    private static String hex(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
