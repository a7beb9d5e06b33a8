package io.castellan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGConnection;

/**
 * The rotation benchmark's target: N login roles on the PostgreSQL cluster on 127.0.0.1:5433 that demands
 * scram-sha-256 (scripts/test-env), its superuser's password read from the test environment directory. Also the
 * peer: the same password changes done directly over one JDBC connection.
 */
final class ScramRoles implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final int PORT = 5433;
    private static final String URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String superPassword;
    private final List<String> roles = new ArrayList<>();
    private final List<String> initial = new ArrayList<>();

    private ScramRoles(String superPassword) {
        this.superPassword = superPassword;
    }

    static ScramRoles open() throws IOException {
        Path dir = Path.of(System.getenv().getOrDefault("CASTELLAN_TEST_ENV_DIR", "/var/tmp/castellan-test-env"));
        Path file = dir.resolve("pg/superuser.password");
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " is missing: start the rotation targets with"
                    + " 'scripts/test-env start' (the scram-sha-256 cluster on 5433)");
        }
        return new ScramRoles(Files.readString(file).strip());
    }

    String superPassword() {
        return superPassword;
    }

    List<String> roles() {
        return roles;
    }

    List<String> initialPasswords() {
        return initial;
    }

    /**
     * Creates {@code n} roles named {@code cstbench<hex>_<i>} with random throwaway passwords, in one batch (the
     * server hashes them; these benchmark passwords may appear in statements, unlike a rotator's).
     */
    void create(int n) throws SQLException {
        String prefix = "cstbench" + hex(3) + "_";
        try (Connection c = admin(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                String role = prefix + i;
                String pw = "Bench-" + hex(12);
                st.addBatch("CREATE ROLE " + role + " LOGIN PASSWORD '" + pw + "'");
                roles.add(role);
                initial.add(pw);
            }
            st.executeBatch();
            c.commit();
        }
    }

    /**
     * The floor: {@code n} password changes over one superuser connection ({@code ALTER ROLE … PASSWORD} with a
     * client-computed scram verifier, as the rotator sends it), no login to verify, no vault.
     *
     * @return nanoseconds taken
     */
    long peerAlter(int n) throws SQLException {
        try (Connection c = admin()) {
            PGConnection pg = c.unwrap(PGConnection.class);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                pg.alterUserPassword(roles.get(i % roles.size()), ("Peer-" + hex(12)).toCharArray(),
                        "scram-sha-256");
            }
            return System.nanoTime() - t0;
        }
    }

    /** The cluster's postmaster process id (the parent of a backend), or -1 when /proc cannot say. */
    long postmasterPid() throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement();
                java.sql.ResultSet r = st.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            return ProcessCpu.parentOf(r.getLong(1));
        }
    }

    /** Whether {@code password} logs in as {@code role} (the cluster demands scram-sha-256). */
    boolean logsIn(String role, String password) {
        Properties p = new Properties();
        p.setProperty("user", role);
        p.setProperty("password", password);
        try (Connection c = DriverManager.getConnection(URL, p)) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            for (String role : roles) {
                st.addBatch("DROP ROLE IF EXISTS " + role);
            }
            st.executeBatch();
        }
        roles.clear();
    }

    private Connection admin() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", superPassword);
        return DriverManager.getConnection(URL, p);
    }

    private static String hex(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
