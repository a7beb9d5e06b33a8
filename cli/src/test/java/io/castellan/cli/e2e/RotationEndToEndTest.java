package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.gateway.GatewayMain;
import io.castellan.model.error.ErrorCode;
import io.castellan.testkit.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core loop with every part real: the CLI sets up a shared folder with a {@code pamDatabase} (the PostgreSQL
 * cluster on 5433 that demands scram-sha-256) and a {@code pamUser} (a role the test creates), a PAM configuration,
 * rotation settings and a gateway ({@code pam gateway new -c}); the gateway runs as its own process
 * ({@code castellan-gateway start} from {@code GATEWAY_CONFIG}) and connects to the server's Router; then
 * {@code pam action rotate --wait} rotates the role's password on the target. A second gateway process is killed
 * (halted) right after it changed the password on the target, before the vault committed it; after a restart the
 * next rotation finds the pending value, sees it works, and commits it: nothing is lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RotationEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin@rotation-e2e.example";
    private static final Path TEST_ENV = Path.of(System.getenv().getOrDefault("CASTELLAN_TEST_ENV_DIR",
            "/var/tmp/castellan-test-env"));
    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5433/postgres";
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dir;
    private ServerProcess server;
    private Path config;
    private String superPassword;
    private String role;
    private String initial;
    private String userUid;
    private String gatewayConfig;
    private Process gateway;

    @BeforeAll
    void setUp() throws Exception {
        superPassword = Files.readString(TEST_ENV.resolve("pg/superuser.password")).strip();
        role = "cste2e" + HexFormat.of().formatHex(bytes(4));
        initial = "E2e-" + HexFormat.of().formatHex(bytes(10));
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + initial + "'");
        }
        Path dataDir = dir.resolve("server/data");
        config = Files.createDirectories(dir.resolve("cli")).resolve("config.json");
        Path pw = Files.writeString(dir.resolve("admin.pw"), "rotation e2e master password 4Kd9\n");
        Result created = Cli.run("server", "init-admin", "--data-dir", dataDir.toString(), "--email", ADMIN,
                "--password-file", pw.toString(), "--iterations", "100000");
        assertThat(created.exit()).as(created.err()).isZero();
        server = ServerProcess.builder(dataDir).listen("127.0.0.1", 0).logFile(dir.resolve("server.log"))
                .startTimeout(Duration.ofSeconds(120)).start();
        ok("login", ADMIN, "--server", server.url(), "--password-file", pw.toString());
    }

    @AfterAll
    void tearDown() throws SQLException {
        stopGateway();
        if (server != null) {
            server.close();
        }
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    @Test
    @Order(1)
    void aRotationRequestedInTheCliChangesThePasswordOnTheTargetThroughTheGateway() throws Exception {
        ok("mkdir", "-sf", "Databases");
        String resourceUid = ok("record-add", "-rt", "pamDatabase", "-t", "scram pg", "--folder", "Databases",
                "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"5433\"}", "databaseType=postgresql",
                "login=postgres", "password=" + superPassword).out().strip();
        userUid = ok("record-add", "-rt", "pamUser", "-t", "app role", "--folder", "Databases", "login=" + role,
                "password=" + initial, "text.connectDatabase=postgres").out().strip();
        ok("secrets-manager", "app", "create", "pam app");
        ok("secrets-manager", "share", "add", "--app", "pam app", "--secret", "Databases", "--editable");
        gatewayConfig = ok("pam", "gateway", "new", "-n", "gw-e2e", "-a", "pam app", "-c").out().strip();
        String configUid = ok("pam", "config", "new", "--environment", "local", "--title", "Lab",
                "--gateway", "gw-e2e", "--shared-folder", "Databases", "--rotation", "on").out().strip();
        ok("pam", "rotation", "edit", "--record", userUid, "--resource", resourceUid, "--configuration", configUid,
                "--complexity", "24,2,2,2,2", "--on-demand");

        Result offline = run("pam", "action", "rotate", "-r", userUid);
        assertThat(offline.exit()).as(offline.err()).isEqualTo(ErrorCode.GATEWAY_OFFLINE.exitCode());
        assertThat(offline.err()).contains("gw-e2e", "offline");

        startGateway(null);
        awaitOnline();
        Result rotated = ok("pam", "action", "rotate", "-r", userUid, "--wait", "--timeout", "120");
        assertThat(rotated.out()).containsIgnoringCase("succeeded");
        String now = password();
        assertThat(now).isNotEqualTo(initial).hasSize(24);
        assertThat(logsIn(now)).isTrue();
        assertThat(logsIn(initial)).isFalse();
        assertThat(rotated.out() + rotated.err()).doesNotContain(now, initial);
        String gatewayLog = Files.readString(dir.resolve("gw-logs/gateway.log"));
        assertThat(gatewayLog).contains(userUid).doesNotContain(now, initial, superPassword);
        assertThat(Files.readString(dir.resolve("server.log"))).doesNotContain(now, initial, superPassword);
    }

    @Test
    @Order(2)
    void aGatewayKilledBetweenChangeAndCommitLosesNothing() throws Exception {
        String before = password();
        stopGateway();
        startGateway("after-change");
        awaitOnline();
        Result asked = ok("pam", "action", "rotate", "-r", userUid);
        String jobId = asked.out().strip().lines().reduce((a, b) -> b).orElseThrow().replaceAll(".*\\s", "");
        assertThat(gateway.waitFor(120, TimeUnit.SECONDS)).as("the gateway halted at the fault point").isTrue();
        assertThat(gateway.exitValue()).isEqualTo(86);
        // The target now holds a password the vault has only as pending: the current one no longer logs in.
        assertThat(password()).isEqualTo(before);
        assertThat(logsIn(before)).isFalse();

        startGateway(null);
        awaitOnline();
        Result recovered = ok("pam", "action", "rotate", "-r", userUid, "--wait", "--timeout", "120");
        assertThat(recovered.out()).containsIgnoringCase("succeeded").contains("interrupted rotation");
        String now = password();
        assertThat(now).isNotEqualTo(before);
        assertThat(logsIn(now)).as("the vault's password works on the target").isTrue();
        assertThat(jobId).isNotBlank();
    }

    private void startGateway(String fault) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Duser.home=" + dir.resolve("gw-home"), "-cp",
                System.getProperty("java.class.path"), GatewayMain.class.getName(), "start", "--log-dir",
                dir.resolve("gw-logs").toString(), "--debug"));
        pb.environment().put("GATEWAY_CONFIG", gatewayConfig);
        if (fault != null) {
            pb.environment().put("CASTELLAN_GATEWAY_FAULT", fault);
        } else {
            pb.environment().remove("CASTELLAN_GATEWAY_FAULT");
        }
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("gw.out").toFile()));
        gateway = pb.start();
    }

    private void stopGateway() {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroy();
            try {
                if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                    gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitOnline() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            JsonNode list = json("pam", "gateway", "list");
            if (list.size() == 1 && list.get(0).path("online").asBoolean()) {
                return;
            }
            assertThat(gateway.isAlive()).as("the gateway process is running (see gw.out)").isTrue();
            Thread.sleep(250);
        }
        throw new AssertionError("the gateway did not come online: " + Files.readString(dir.resolve("gw.out")));
    }

    private String password() throws IOException {
        for (JsonNode f : json("get", userUid, "--unmask").path("fields")) {
            if ("password".equals(f.path("type").asText())) {
                return f.path("value").get(0).asText();
            }
        }
        throw new AssertionError("the pamUser has no password field");
    }

    private boolean logsIn(String password) {
        Properties p = new Properties();
        p.setProperty("user", role);
        p.setProperty("password", password);
        try (Connection c = DriverManager.getConnection(PG_URL, p)) {
            return c.isValid(5);
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("the scram cluster on 5433 did not answer: " + e.getSQLState(), e);
        }
    }

    private Connection admin() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", superPassword);
        return DriverManager.getConnection(PG_URL, p);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private Result ok(String... args) {
        Result r = run(args);
        if (r.exit() != 0) {
            throw new AssertionError("castellan " + String.join(" ", args) + " exited " + r.exit() + ": " + r.err());
        }
        return r;
    }

    private JsonNode json(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--format", "json"));
        return JSON.readTree(ok(all.toArray(String[]::new)).out());
    }
}
