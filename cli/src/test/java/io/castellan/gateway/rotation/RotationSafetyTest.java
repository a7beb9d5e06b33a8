package io.castellan.gateway.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.cli.Main;
import io.castellan.cli.e2e.ScramPostgres;
import io.castellan.gateway.logging.SecretScrubber;
import io.castellan.gateway.runner.GatewaySecrets;
import io.castellan.gateway.runner.JobContext;
import io.castellan.gateway.runner.JobOutcome;
import io.castellan.model.gateway.Command;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.Rotators;
import io.castellan.sdk.Secret;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.SecretsManagerOptions;
import io.castellan.sdk.config.InMemoryConfigStorage;
import io.castellan.sdk.transport.TlsTrust;
import io.castellan.testkit.ServerProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The rotation safety protocol end to end, minus the Router: a real server process holds the records (made by the
 * real CLI), the handler reads and writes them through the real SDK as the gateway's application, and rotates a
 * role of the PostgreSQL cluster on 5433 that demands scram-sha-256 (scripts/test-env), so every "logs in" below is
 * a real password check. A crash is simulated at each step of the protocol (the handler stops dead there, as a
 * killed process would); after each crash the vault must still hold a password the target accepts (current or
 * pending), and the next run must converge. The count of lost credentials is printed and must be zero. The gateway's
 * own checks of the PAM configuration record (rotation, tunneling) are tested here too, on the same records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RotationSafetyTest {

    private static final String APP = "rotation safety";
    private static final List<String> STEPS = List.of("after-pending", "after-change", "after-verify", "after-commit");
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dir;
    private ServerProcess server;
    private Path cliConfig;
    private String superPassword;
    private String role;
    private String userUid;
    private String resourceUid;
    private SecretsManager device;

    /** Thrown at a fault point: the handler stops there, no later step runs. */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash(String step) {
            super("simulated crash " + step);
        }
    }

    @BeforeAll
    void setUp() throws Exception {
        superPassword = ScramPostgres.superPassword();
        role = ScramPostgres.uniqueName("cstrot");
        String initial = "Initial-" + HexFormat.of().formatHex(bytes(8));
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + initial + "'");
        }
        Path dataDir = dir.resolve("server/data");
        cliConfig = dir.resolve("admin/config.json");
        Files.createDirectories(cliConfig.getParent());
        Path adminPw = Files.writeString(dir.resolve("admin.pw"), "admin master password " + initial + "x\n");
        String admin = "admin@rotation.example";
        cli("server", "init-admin", "--data-dir", dataDir.toString(), "--email", admin, "--password-file",
                adminPw.toString(), "--iterations", "100000");
        server = ServerProcess.builder(dataDir).listen("127.0.0.1", 0).logFile(dir.resolve("server/server.log"))
                .startTimeout(Duration.ofSeconds(150)).start();
        vault("login", admin, "--server", server.url(), "--password-file", adminPw.toString());
        resourceUid = vault("record-add", "-rt", "pamDatabase", "-t", "scram pg",
                "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"5433\"}", "databaseType=postgresql",
                "login=postgres", "password=" + superPassword).strip();
        userUid = vault("record-add", "-rt", "pamUser", "-t", "rotating role", "login=" + role, "password=" + initial,
                "text.connectDatabase=postgres").strip();
        vault("secrets-manager", "app", "create", APP);
        vault("secrets-manager", "share", "add", "--app", APP, "--secret", userUid, "--editable");
        vault("secrets-manager", "share", "add", "--app", APP, "--secret", resourceUid, "--editable");
        String token = vault("secrets-manager", "client", "add", "--app", APP, "--name", "gw", "--kind", "gateway")
                .strip();
        device = SecretsManager.initialize(token, SecretsManagerOptions.builder()
                .hostName("127.0.0.1:" + server.port()).storage(new InMemoryConfigStorage())
                .tls(TlsTrust.pinned(server.fingerprint())).build());
    }

    @AfterAll
    void tearDown() throws SQLException {
        if (device != null) {
            device.close();
        }
        if (server != null) {
            server.close();
        }
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    @Test
    void aRotationChangesThePasswordOnTheTargetAndCommitsIt() throws Exception {
        String before = current().password().orElseThrow();
        JobOutcome outcome = handler(FaultPoints.none()).run(context("job-plain"));
        assertThat(outcome.summary()).contains("rotated", userUid, "127.0.0.1:5433");
        Secret after = fetch();
        String now = after.password().orElseThrow();
        assertThat(now).isNotEqualTo(before).hasSize(32);
        assertThat(after.pendingData()).isEmpty();
        assertThat(logsIn(now)).isTrue();
        assertThat(logsIn(before)).isFalse();
        assertThat(outcome.toString()).doesNotContain(now, before);
    }

    @Test
    void theGatewayRefusesARotationItsConfigurationRecordDoesNotAllow() throws Exception {
        String before = current().password().orElseThrow();
        String denying = configuration(false);
        Command refused = new Command("job-cfg-no", "rotate", List.of(userUid, resourceUid, denying), Map.of(),
                60_000);
        assertThatThrownBy(() -> handler(FaultPoints.none()).run(context(refused)))
                .isInstanceOf(RotationException.class)
                .hasMessageContaining(denying).hasMessageContaining("does not allow rotation");
        assertThat(fetch().password()).contains(before);
        assertThat(fetch().pendingData()).isEmpty();
        assertThat(logsIn(before)).as("nothing changed on the target").isTrue();

        String allowing = configuration(true);
        Command allowed = new Command("job-cfg-yes", "rotate", List.of(userUid, resourceUid, allowing), Map.of(),
                60_000);
        assertThat(handler(FaultPoints.none()).run(context(allowed)).summary()).contains("rotated");
        assertThat(logsIn(current().password().orElseThrow())).isTrue();
    }

    /** A PAM configuration record as {@code pam config new} writes it, shared with the gateway's application. */
    private String configuration(boolean rotation) {
        return configuration(rotation, true);
    }

    private String configuration(boolean rotation, boolean tunneling) {
        String uid = vault("record-add", "-rt", "pamNetworkConfiguration", "-t", "cfg " + rotation + " " + tunneling,
                "pamResources=$JSON:{\"controllerUid\":\"gw\",\"folderUid\":\"f\",\"resourceRef\":[],"
                        + "\"allowedSettings\":{\"rotation\":" + rotation + ",\"tunneling\":" + tunneling + "}}",
                "schedule.defaultRotationSchedule=$JSON:{\"type\":\"ON_DEMAND\"}").strip();
        vault("secrets-manager", "share", "add", "--app", APP, "--secret", uid);
        return uid;
    }

    /**
     * The tunnel handler applies the same rule as rotation: the configuration record (which the server cannot rewrite)
     * must allow tunneling. With a denying record the job fails before the gateway reaches the relay; with an allowing
     * one it gets past the check and fails only at the relay (no such tunnel there).
     */
    @Test
    void theGatewayRefusesATunnelItsConfigurationRecordDoesNotAllow() throws Exception {
        java.security.KeyPairGenerator kpg = java.security.KeyPairGenerator.getInstance("EC");
        kpg.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.interfaces.ECPrivateKey key = (java.security.interfaces.ECPrivateKey) kpg.generateKeyPair()
                .getPrivate();
        io.castellan.gateway.tunnel.TunnelOpenHandler tunnels = new io.castellan.gateway.tunnel.TunnelOpenHandler(
                java.net.URI.create(server.url()), TlsTrust.pinned(server.fingerprint()).sslContext(),
                "not-a-bound-client-id", key);
        Map<String, String> args = Map.of("tunnelId", "AAAAAAAAAAAAAAAAAAAAAA", "nonce", "BBBBBBBBBBBBBBBBBBBBBB");
        String denying = configuration(true, false);
        assertThatThrownBy(() -> tunnels.run(context(new Command("job-tun-no", "tunnel-open",
                List.of(resourceUid, denying), args, 60_000))))
                .hasMessageContaining(denying).hasMessageContaining("does not allow tunneling");
        String allowing = configuration(true, true);
        assertThatThrownBy(() -> tunnels.run(context(new Command("job-tun-yes", "tunnel-open",
                List.of(resourceUid, allowing), args, 60_000))))
                .as("past the configuration check, the relay refuses a tunnel it does not know")
                .hasMessageContaining("not this tunnel's gateway").hasMessageNotContaining("does not allow");
    }

    @Test
    void twoRotationsOfOneAccountAtOnceRunOneAfterTheOtherAndTheVaultHoldsTheWinner() throws Exception {
        RotateHandler shared = handler(FaultPoints.none()); // a gateway has one handler for all its rotate jobs
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<java.util.concurrent.Future<JobOutcome>> both = List.of(
                    pool.submit(() -> shared.run(context("job-twin-a"))),
                    pool.submit(() -> shared.run(context("job-twin-b"))));
            for (java.util.concurrent.Future<JobOutcome> f : both) {
                assertThat(f.get(120, TimeUnit.SECONDS).summary()).contains("rotated", userUid);
            }
        } finally {
            pool.shutdownNow();
        }
        Secret after = fetch();
        assertThat(after.pendingData()).as("nothing left pending").isEmpty();
        assertThat(logsIn(after.password().orElseThrow())).as("the vault's password works on the target").isTrue();
    }

    @Test
    void aCrashAtAnyStepLosesNothingAndTheNextRunConverges() throws Exception {
        int lost = 0;
        int runs = 0;
        for (int round = 0; round < 3; round++) {
            for (String step : STEPS) {
                runs++;
                String before = current().password().orElseThrow();
                RotateHandler crashing = handler(new FaultPoints(step, () -> {
                    throw new SimulatedCrash(step);
                }));
                String jobId = "job-crash-" + round + "-" + step;
                assertThatThrownBy(() -> crashing.run(context(jobId)))
                        .isInstanceOf(SimulatedCrash.class);
                Secret s = fetch();
                boolean currentWorks = logsIn(s.password().orElseThrow());
                boolean pendingWorks = s.pendingData().flatMap(p -> p.firstValue("password", null))
                        .map(this::logsIn).orElse(false);
                if (!currentWorks && !pendingWorks) {
                    lost++;
                }
                handler(FaultPoints.none()).run(context("job-after-" + round + "-" + step));
                Secret settled = fetch();
                assertThat(settled.pendingData()).as("after %s", step).isEmpty();
                String now = settled.password().orElseThrow();
                if (!logsIn(now)) {
                    lost++;
                }
                assertThat(now).as("a new password after the run following a crash at %s", step)
                        .isNotEqualTo(before);
            }
        }
        System.out.printf("rotation safety: %d crashes at 4 steps, %d lost credentials%n", runs, lost);
        assertThat(lost).isZero();
    }

    @Test
    void aChangeTheTargetRefusesFailsTheJobAndChangesNothing() throws Exception {
        String weak = "cstweak" + HexFormat.of().formatHex(bytes(4));
        String weakPassword = "Weak-" + HexFormat.of().formatHex(bytes(8));
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + weak + " LOGIN PASSWORD '" + weakPassword + "'");
        }
        try {
            String weakResource = vault("record-add", "-rt", "pamDatabase", "-t", "weak admin",
                    "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"5433\"}", "databaseType=postgresql",
                    "login=" + weak, "password=" + weakPassword).strip();
            vault("secrets-manager", "share", "add", "--app", APP, "--secret", weakResource);
            String before = current().password().orElseThrow();
            Command cmd = new Command("job-refused", "rotate", List.of(userUid, weakResource), Map.of(), 60_000);
            assertThatThrownBy(() -> handler(FaultPoints.none()).run(context(cmd)))
                    .isInstanceOf(RotationException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(before, weakPassword));
            Secret after = fetch();
            assertThat(after.password()).contains(before);
            assertThat(after.pendingData()).isEmpty();
            assertThat(logsIn(before)).isTrue();
        } finally {
            try (Connection c = admin(); Statement st = c.createStatement()) {
                st.execute("DROP ROLE IF EXISTS " + weak);
            }
        }
    }

    @Test
    void postRotationScriptsGetBothPasswordsOnStandardInputAndTheirExitCodeIsReported() throws Exception {
        String scriptRole = "cstscr" + HexFormat.of().formatHex(bytes(4));
        String initial = "Script-" + HexFormat.of().formatHex(bytes(8));
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + scriptRole + " LOGIN PASSWORD '" + initial + "'");
        }
        try {
            Path out = Files.createDirectories(dir.resolve("script-out"));
            Path script = Files.writeString(dir.resolve("after.sh"), "cat > '" + out.resolve("input.json") + "'\n"
                    + "echo \"$0 $*\" > '" + out.resolve("argv.txt") + "'\n"
                    + "env > '" + out.resolve("env.txt") + "'\n"
                    + "echo \"the new password is $(grep -o 'newPassword\":\"[^\"]*' '" + out.resolve("input.json")
                    + "')\"\nexit 3\n");
            String uid = vault("record-add", "-rt", "pamUser", "-t", "scripted role", "login=" + scriptRole,
                    "password=" + initial, "text.connectDatabase=postgres").strip();
            String fileUid = vault("upload-attachment", uid, "--file", script.toString()).strip();
            vault("record-update", uid, "script.rotationScripts=$JSON:{\"fileRef\":\"" + fileUid
                    + "\",\"command\":\"/bin/sh\",\"recordRef\":[]}");
            vault("secrets-manager", "share", "add", "--app", APP, "--secret", uid, "--editable");
            Command cmd = new Command("job-script", "rotate", List.of(uid, resourceUid), Map.of(), 60_000);
            JobOutcome outcome = handler(FaultPoints.none()).run(context(cmd));
            String now = device.getSecrets(List.of(uid)).record(uid).orElseThrow().password().orElseThrow();
            assertThat(now).isNotEqualTo(initial);
            // Parsed, not matched as text: a generated password may hold '"' or a backslash, which JSON escapes.
            JsonNode input = new ObjectMapper().readTree(out.resolve("input.json").toFile());
            assertThat(input.path("oldPassword").asText()).isEqualTo(initial);
            assertThat(input.path("newPassword").asText()).isEqualTo(now);
            assertThat(input.path("username").asText()).isEqualTo(scriptRole);
            assertThat(input.path("userUid").asText()).isEqualTo(uid);
            assertThat(input.path("resourceUid").asText()).isEqualTo(resourceUid);
            assertThat(Files.readString(out.resolve("argv.txt"))).doesNotContain(now, initial);
            assertThat(Files.readString(out.resolve("env.txt"))).doesNotContain(now, initial)
                    .contains("CASTELLAN_JOB_ID=job-script");
            assertThat(outcome.summary()).contains("post-rotation script failed", "exit 3").doesNotContain(now);
            assertThat(outcome.details()).containsEntry("scripts", "1");
        } finally {
            try (Connection c = admin(); Statement st = c.createStatement()) {
                st.execute("DROP ROLE IF EXISTS " + scriptRole);
            }
        }
    }

    @Test
    void aRecordTheApplicationCannotReadIsNamed() {
        Command cmd = new Command("job-missing", "rotate", List.of("AAAAAAAAAAAAAAAAAAAAAA", resourceUid), Map.of(),
                60_000);
        assertThatThrownBy(() -> handler(FaultPoints.none()).run(context(cmd)))
                .hasMessageContaining("AAAAAAAAAAAAAAAAAAAAAA").hasMessageContaining("not shared");
    }

    private RotateHandler handler(FaultPoints faults) {
        return new RotateHandler(Rotators.builtIn(), faults);
    }

    private JobContext context(String jobId) {
        return context(new Command(jobId, "rotate", List.of(userUid, resourceUid), Map.of(), 60_000));
    }

    private JobContext context(Command cmd) {
        SecretScrubber scrubber = new SecretScrubber();
        return new JobContext(cmd, new GatewaySecrets(device, scrubber), scrubber, Instant.now().plusSeconds(60));
    }

    private Secret current() {
        return device.getSecrets(List.of(userUid)).record(userUid).orElseThrow();
    }

    private Secret fetch() {
        return device.getSecretsWithPending(List.of(userUid)).record(userUid).orElseThrow();
    }

    private boolean logsIn(String password) {
        return ScramPostgres.logsIn(role, password);
    }

    private Connection admin() throws SQLException {
        return ScramPostgres.admin();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private String vault(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--config", cliConfig.toString())).toArray(String[]::new);
        return cli(all);
    }

    private static String cli(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        if (exit != 0) {
            throw new AssertionError("castellan " + String.join(" ", args) + " exited " + exit + ": " + err);
        }
        return out.toString();
    }
}
