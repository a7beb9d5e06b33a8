package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.model.error.ErrorCode;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.SecretsManagerOptions;
import io.castellan.sdk.config.InMemoryConfigStorage;
import io.castellan.sdk.transport.TlsTrust;
import io.castellan.testkit.PgDump;
import io.castellan.testkit.PostgresTestDatabase;
import io.castellan.testkit.ServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore round trips on real server processes. SQLite: a server with a record, a Secrets Manager device
 * and audit events is backed up while it runs ({@code server backup}); what is written after the backup is not in
 * it; the archive is restored into a fresh data directory ({@code server restore}), which refuses to overwrite a
 * non-empty directory and one a server runs on; a server started on the restored directory (same port, same TLS
 * certificate and transmission keys) lets the user log in and decrypt the record, lets the device read its secret
 * with its saved configuration and pinned certificate, and passes {@code audit verify}. PostgreSQL: {@code pg_dump}
 * / {@code pg_restore} of the database plus {@code server backup --keys-only} of the data directory.
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class BackupRestoreEndToEndTest {

    private static final String ADMIN = "admin@backup-e2e.example";
    private static final String SECRET = "backup round trip secret 9f3Kq2";

    @TempDir
    Path dir;

    @Test
    void sqliteBackupWhileRunningRestoresUserDeviceAndAuditTrail() throws Exception {
        Path data = dir.resolve("original");
        Path password = adminPassword();
        initAdmin(data, password, null);
        int port = freePort();
        Path config = dir.resolve("admin/config.json");
        InMemoryConfigStorage deviceStorage = new InMemoryConfigStorage();
        String recordUid;
        String fingerprint;
        Path archive = dir.resolve("backups/castellan.backup");
        try (ServerProcess server = start(data, port, null, "original.log")) {
            fingerprint = server.fingerprint();
            ConfiguredCli.ok(config, "login", ADMIN, "--server", server.url(), "--password-file", password.toString());
            recordUid = ConfiguredCli.ok(config, "record-add", "-rt", "login", "-t", "db", "login=app",
                    "password=" + SECRET).out().strip();
            ConfiguredCli.ok(config, "secrets-manager", "app", "create", "backup app");
            ConfiguredCli.ok(config, "secrets-manager", "share", "add", "--app", "backup app", "--secret", recordUid);
            String token = ConfiguredCli.ok(config, "secrets-manager", "client", "add", "--app", "backup app",
                    "--name", "d1").out().strip();
            try (SecretsManager device = SecretsManager.initialize(token, deviceOptions(port, fingerprint,
                    deviceStorage))) {
                assertThat(device.getNotationValue("keeper://" + recordUid + "/field/password")).isEqualTo(SECRET);
            }

            Result backup = Cli.run("server", "backup", "--data-dir", data.toString(), "--out", archive.toString());
            assertThat(backup.exit()).as(backup.err()).isZero();
            assertThat(backup.out()).contains("key material", "no vault plaintext");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive))).isEqualTo("rw-------");
            Result again = Cli.run("server", "backup", "--data-dir", data.toString(), "--out", archive.toString());
            assertThat(again.exit()).as("an existing archive is never overwritten").isEqualTo(
                    ErrorCode.CONFLICT.exitCode());

            ConfiguredCli.ok(config, "record-add", "-rt", "login", "-t", "after the backup", "login=x",
                    "password=written after the backup");
        }

        Path restored = dir.resolve("restored");
        Result restore = Cli.run("server", "restore", "--data-dir", restored.toString(), "--from", archive.toString());
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("keys"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restored.resolve("castellan.db"))))
                .isEqualTo("rw-------");
        Result notEmpty = Cli.run("server", "restore", "--data-dir", restored.toString(), "--from",
                archive.toString());
        assertThat(notEmpty.exit()).isEqualTo(ErrorCode.CONFLICT.exitCode());
        assertThat(notEmpty.err()).contains("is not empty", "--force");

        try (ServerProcess server = start(restored, port, null, "restored.log")) {
            assertThat(server.fingerprint()).as("the restored TLS certificate").isEqualTo(fingerprint);
            Result whileRunning = Cli.run("server", "restore", "--data-dir", restored.toString(), "--from",
                    archive.toString(), "--force");
            assertThat(whileRunning.exit()).isEqualTo(ErrorCode.CONFLICT.exitCode());
            assertThat(whileRunning.err()).contains("in use by another Castellan server", "stop that server");

            Path fresh = dir.resolve("fresh/config.json");
            ConfiguredCli.ok(fresh, "login", ADMIN, "--server", server.url(), "--password-file", password.toString());
            assertThat(passwordOf(ConfiguredCli.json(fresh, "get", recordUid, "--unmask"))).isEqualTo(SECRET);
            List<String> titles = new ArrayList<>();
            ConfiguredCli.json(fresh, "ls").forEach(n -> titles.add(n.path("name").asText()));
            assertThat(titles).as("the backup is the snapshot of when it was taken").contains("db")
                    .doesNotContain("after the backup");
            try (SecretsManager device = SecretsManager.fromStorage(deviceOptions(port, fingerprint, deviceStorage))) {
                assertThat(device.getNotationValue("keeper://" + recordUid + "/field/password")).isEqualTo(SECRET);
            }
            Result verify = ConfiguredCli.ok(fresh, "audit", "verify");
            assertThat(verify.out()).contains("Intact");
        }
    }

    @Test
    void postgresqlRoundTripWithPgDumpPgRestoreAndTheKeyMaterial() throws Exception {
        try (PostgresTestDatabase original = PostgresTestDatabase.create();
                PostgresTestDatabase target = PostgresTestDatabase.create()) {
            Path data = dir.resolve("pg-original");
            Path password = adminPassword();
            initAdmin(data, password, original.jdbcUrl());
            Path config = dir.resolve("pg-admin/config.json");
            Path archive = dir.resolve("pg-keys.backup");
            Path dump = dir.resolve("castellan.pgdump");
            String recordUid;
            int port = freePort();
            try (ServerProcess server = start(data, port, original.jdbcUrl(), "pg-original.log")) {
                ConfiguredCli.ok(config, "login", ADMIN, "--server", server.url(), "--password-file",
                        password.toString());
                recordUid = ConfiguredCli.ok(config, "record-add", "-rt", "login", "-t", "pg db", "login=app",
                        "password=" + SECRET).out().strip();
                Result noDb = Cli.run("server", "backup", "--data-dir", data.toString(), "--out", archive.toString());
                assertThat(noDb.exit()).as("without --keys-only a data directory without SQLite is refused")
                        .isEqualTo(ErrorCode.NOT_FOUND.exitCode());
                assertThat(noDb.err()).contains("pg_dump", "--keys-only");
                Result keys = Cli.run("server", "backup", "--data-dir", data.toString(), "--out", archive.toString(),
                        "--keys-only");
                assertThat(keys.exit()).as(keys.err()).isZero();
                Files.write(dump, PgDump.dump(original.jdbcUrl(), "--format=custom"));
            }

            pgRestore(target.jdbcUrl(), dump);
            Path restored = dir.resolve("pg-restored");
            Result restore = Cli.run("server", "restore", "--data-dir", restored.toString(), "--from",
                    archive.toString());
            assertThat(restore.exit()).as(restore.err()).isZero();
            assertThat(restore.out()).contains("pg_restore");
            assertThat(restored.resolve("castellan.db")).doesNotExist();

            try (ServerProcess server = start(restored, port, target.jdbcUrl(), "pg-restored.log")) {
                Path fresh = dir.resolve("pg-fresh/config.json");
                ConfiguredCli.ok(fresh, "login", ADMIN, "--server", server.url(), "--password-file",
                        password.toString());
                assertThat(passwordOf(ConfiguredCli.json(fresh, "get", recordUid, "--unmask"))).isEqualTo(SECRET);
                assertThat(ConfiguredCli.ok(fresh, "audit", "verify").out()).contains("Intact");
            }
        }
    }

    private Path adminPassword() throws IOException {
        return Files.writeString(Files.createDirectories(dir.resolve("secrets")).resolve("admin-" + System.nanoTime()),
                "backup e2e admin master password\n");
    }

    private static void initAdmin(Path data, Path password, String dbUrl) {
        List<String> args = new ArrayList<>(List.of("server", "init-admin", "--data-dir", data.toString(), "--email",
                ADMIN, "--password-file", password.toString(), "--iterations", "100000"));
        if (dbUrl != null) {
            args.addAll(List.of("--db-url", dbUrl));
        }
        Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private ServerProcess start(Path data, int port, String dbUrl, String log) {
        ServerProcess.Builder b = ServerProcess.builder(data).listen("127.0.0.1", port).logFile(dir.resolve(log))
                .startTimeout(Duration.ofSeconds(120));
        if (dbUrl != null) {
            b.dbUrl(dbUrl);
        }
        return b.start();
    }

    private static SecretsManagerOptions deviceOptions(int port, String fingerprint, InMemoryConfigStorage storage) {
        return SecretsManagerOptions.builder().hostName("127.0.0.1:" + port).tls(TlsTrust.pinned(fingerprint))
                .storage(storage).build();
    }

    private static String passwordOf(JsonNode record) {
        for (JsonNode f : record.path("fields")) {
            if ("password".equals(f.path("type").asText())) {
                return f.path("value").get(0).asText();
            }
        }
        throw new AssertionError("no password field in " + record.path("uid"));
    }

    /** {@code pg_restore} of a custom-format dump into the (empty) database the JDBC URL names. */
    private static void pgRestore(String jdbcUrl, Path dump) throws Exception {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String user = "postgres";
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                if (pair.startsWith("user=")) {
                    user = pair.substring(5);
                }
            }
        }
        Process p = new ProcessBuilder("pg_restore", "--no-password", "--no-owner", "--exit-on-error", "--host",
                uri.getHost(), "--port", Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()), "--username",
                user, "--dbname", uri.getPath().substring(1), dump.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("pg_restore: %s", out).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}