package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.cli.Cli.Result;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * (halted) right after it changed the password on the target, before the vault committed it; when a gateway comes
 * back the server resubmits the interrupted rotation by itself, which finds the pending value, sees it works, and
 * commits it: nothing is lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RotationEndToEndTest {

    private static final String ADMIN = "admin@rotation-e2e.example";

    @TempDir
    static Path dir;
    private RotationLab lab;
    private String superPassword;
    private String role;
    private String initial;
    private String userUid;
    private String gatewayConfig;
    private Process gateway;

    @BeforeAll
    void setUp() throws Exception {
        superPassword = ScramPostgres.superPassword();
        role = ScramPostgres.uniqueName("cste2e");
        initial = ScramPostgres.password("E2e-");
        ScramPostgres.createRole(role, initial);
        lab = RotationLab.start(dir, ADMIN);
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            if (lab != null) {
                lab.close();
            }
        } finally {
            ScramPostgres.dropRole(role);
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
        String gatewayLog = Files.readString(lab.gatewayLog());
        assertThat(gatewayLog).contains(userUid).doesNotContain(now, initial, superPassword);
        assertThat(Files.readString(dir.resolve("server.log"))).doesNotContain(now, initial, superPassword);
    }

    @Test
    @Order(2)
    void aGatewayKilledBetweenChangeAndCommitLosesNothing() throws Exception {
        String before = password();
        stopGateway();
        lab.awaitGateway(false); // the old connection is gone before the armed gateway connects
        startGateway("after-change");
        awaitOnline();
        Result asked = ok("pam", "action", "rotate", "-r", userUid);
        String jobId = asked.out().strip().lines().reduce((a, b) -> b).orElseThrow().replaceAll(".*\\s", "");
        assertThat(gateway.waitFor(120, TimeUnit.SECONDS)).as("the gateway halted at the fault point").isTrue();
        assertThat(gateway.exitValue()).isEqualTo(86);
        // The target now holds a password the vault has only as pending: the current one no longer logs in.
        assertThat(password()).isEqualTo(before);
        assertThat(logsIn(before)).isFalse();

        lab.awaitGateway(false); // the halted gateway's connection has expired (missed heartbeats)
        startGateway(null);
        awaitOnline();
        // Nobody asks: the server resubmits the interrupted rotation when the gateway comes back.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (password().equals(before) && System.nanoTime() < end) {
            Thread.sleep(500);
        }
        String now = password();
        assertThat(now).as("the interrupted rotation was finished without a request").isNotEqualTo(before);
        assertThat(logsIn(now)).as("the vault's password works on the target").isTrue();
        assertThat(jobId).isNotBlank();
        JsonNode scheduled = json("audit-report", "--event-type", "rotation_scheduled");
        assertThat(scheduled.toString()).contains(userUid).contains("interrupted");
        Result again = ok("pam", "action", "rotate", "-r", userUid, "--wait", "--timeout", "120");
        assertThat(again.out()).containsIgnoringCase("succeeded");
        assertThat(logsIn(password())).as("and the next rotation works as usual").isTrue();
    }

    private void startGateway(String fault) throws IOException {
        gateway = lab.startGateway(gatewayConfig, fault);
    }

    private void stopGateway() throws Exception {
        lab.stopGateway();
    }

    private void awaitOnline() throws Exception {
        lab.awaitGateway(true);
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
        return ScramPostgres.logsIn(role, password);
    }

    private Result run(String... args) {
        return lab.run(args);
    }

    private Result ok(String... args) {
        return lab.ok(args);
    }

    private JsonNode json(String... args) throws IOException {
        return lab.json(args);
    }
}
