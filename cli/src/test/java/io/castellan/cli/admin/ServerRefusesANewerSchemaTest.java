package io.castellan.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.cli.Cli;
import io.castellan.cli.Main;
import io.castellan.model.error.ErrorCode;
import io.castellan.testkit.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downgrade refusal, end to end: a store is created and migrated by this build ({@code server init-admin}), a newer
 * build's migration is faked into its Flyway history, and {@code castellan server start} (a real process) must
 * refuse with the error catalogue's exit code and a message naming both versions and what to do, without running a
 * migration or changing a row. SQLite in the data directory and PostgreSQL.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ServerRefusesANewerSchemaTest {

    private static final String HISTORY = "flyway_schema_history";

    @TempDir
    Path dir;

    @Test
    void sqliteWrittenByANewerBuildIsRefusedAndLeftAsItWas() throws Exception {
        Path data = dir.resolve("data");
        initAdmin("--data-dir", data.toString());
        String url = "jdbc:sqlite:" + data.resolve("castellan.db");

        refusedAndUnchanged(url, List.of("--data-dir", data.toString()));
    }

    @Test
    void postgresqlWrittenByANewerBuildIsRefusedAndLeftAsItWas() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            Path data = dir.resolve("pg-data");
            initAdmin("--data-dir", data.toString(), "--db-url", db.jdbcUrl());

            refusedAndUnchanged(db.jdbcUrl(), List.of("--data-dir", data.toString(), "--db-url", db.jdbcUrl()));
        }
    }

    private void refusedAndUnchanged(String jdbcUrl, List<String> storeOptions) throws Exception {
        String known;
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            known = newestVersion(s);
            s.executeUpdate("INSERT INTO " + HISTORY + " (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) VALUES (999, '999', 'from a newer build',"
                    + " 'SQL', 'V999__from_a_newer_build.sql', 0, 'test', 1, TRUE)");
        }
        List<String> before = snapshot(jdbcUrl);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "server", "start", "--listen", "127.0.0.1:0"));
        command.addAll(storeOptions);
        Path output = dir.resolve("server-" + System.nanoTime() + ".out");
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        boolean exited = server.waitFor(180, TimeUnit.SECONDS);
        if (!exited) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String printed = Files.readString(output);
        assertThat(exited).as("the server refuses instead of starting; it printed:%n%s", printed).isTrue();

        assertThat(server.exitValue()).as(printed).isEqualTo(ErrorCode.STORE_SCHEMA_TOO_NEW.exitCode());
        assertThat(printed).contains("database schema version 999 was written by a newer Castellan",
                "this build knows up to version " + known, "nothing was changed",
                "run the newer version or restore a backup").doesNotContain("Castellan server started");
        assertThat(snapshot(jdbcUrl)).as("no migration ran, no row changed").isEqualTo(before);
    }

    private static void initAdmin(String... storeOptions) throws Exception {
        Path password = Files.createTempFile("castellan-admin", ".password");
        try {
            Files.writeString(password, "downgrade refusal test master password");
            List<String> args = new ArrayList<>(List.of("server", "init-admin", "--email", "admin@example.com",
                    "--password-file", password.toString()));
            args.addAll(List.of(storeOptions));
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertThat(r.exit()).as(r.err()).isZero();
        } finally {
            Files.delete(password);
        }
    }

    private static String newestVersion(Statement s) throws SQLException {
        String newest = null;
        try (ResultSet rs = s.executeQuery("SELECT version FROM " + HISTORY + " WHERE version IS NOT NULL")) {
            while (rs.next()) {
                String v = rs.getString(1);
                if (newest == null || Integer.parseInt(v) > Integer.parseInt(newest)) {
                    newest = v;
                }
            }
        }
        return newest;
    }

    /** The migration history and the accounts, as text: what a migration or a start would have changed. */
    private static List<String> snapshot(String jdbcUrl) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT installed_rank, version, checksum, success FROM " + HISTORY
                    + " ORDER BY installed_rank")) {
                while (rs.next()) {
                    rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getObject(3) + "|" + rs.getObject(4));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
                rs.next();
                rows.add("users=" + rs.getLong(1));
            }
        }
        assertThat(rows).as("the history and the administrator exist").hasSizeGreaterThan(2);
        return rows;
    }
}