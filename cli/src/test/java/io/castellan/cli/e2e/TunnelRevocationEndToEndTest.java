package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.cli.Cli.Result;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * Revocation of live tunnels, with every part real ({@link TunnelLab}): bob, no administrator, holds
 * {@code ALLOW_LAUNCH_PAM_TUNNELS} from a role and reaches the {@code pamDatabase} record; he runs {@code psql}
 * through his tunnel, and then access goes away: the direct share is deleted or expires, an administrator removes
 * him from the shared folder, takes the policy from his role, turns tunneling off in the configuration, disables him.
 * Each time the tunnel (and the {@code psql} session inside it) ends within 5 s of the change (measured from the
 * answer to the administrator's command, the server having committed the change before answering, or from the expiry
 * instant; printed), the local port stops accepting, and a new
 * tunnel is refused naming why. The audit trail holds the opened and closed events with the bytes carried; {@code
 * --background} detaches and {@code pam tunnel stop} ends it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TunnelRevocationEndToEndTest {

    private static final String ADMIN = "admin@revocation-e2e.example";
    private static final String BOB = "bob@revocation-e2e.example";
    private static final String RECORD = TunnelLab.FOLDER + "/pg";
    private static final long REVOCATION_LIMIT_MILLIS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private TunnelLab lab;
    private Path bob;
    private final List<String> revokedTunnels = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        lab = TunnelLab.start(dir, ADMIN);
        bob = lab.user(BOB);
        lab.admin("enterprise-role", "Tunnel users", "--add", "--enforcement", "ALLOW_LAUNCH_PAM_TUNNELS:True",
                "--add-user", BOB);
    }

    @AfterAll
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void deletingTheDirectShareClosesTheTunnel() throws Exception {
        lab.admin("share-record", RECORD, "-e", BOB); // view-only is enough to tunnel
        revokeAndMeasure("direct share deleted", () -> lab.admin("share-record", RECORD, "-e", BOB, "--revoke"));
        Result again = ConfiguredCli.run(bob, "pam", "tunnel", "start", lab.resourceUid, "--port", "0");
        assertThat(again.exit()).as(again.err()).isEqualTo(ErrorCode.NOT_FOUND.exitCode());
    }

    /** Measured from the share's expiry instant: the relay's re-check ignores an expired share from then on. */
    @Test
    @Order(2)
    void anExpiringDirectShareClosesTheTunnel() throws Exception {
        Instant expiry = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        lab.admin("share-record", RECORD, "-e", BOB, "--expire-at", expiry.toString());
        revokeAndMeasure("direct share expired", () -> {
            long wait = Duration.between(Instant.now(), expiry).toMillis();
            assertThat(wait).as("the tunnel was up and proven before the share expired").isPositive();
            return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
        });
        Result again = ConfiguredCli.run(bob, "pam", "tunnel", "start", lab.resourceUid, "--port", "0");
        assertThat(again.exit()).as(again.err()).isEqualTo(ErrorCode.NOT_FOUND.exitCode());
    }

    @Test
    @Order(3)
    void removingTheUserFromTheSharedFolderClosesTheTunnel() throws Exception {
        lab.admin("share-folder", TunnelLab.FOLDER, "-e", BOB);
        revokeAndMeasure("removed from the shared folder",
                () -> lab.admin("share-folder", TunnelLab.FOLDER, "-e", BOB, "--remove"));
        Result again = ConfiguredCli.run(bob, "pam", "tunnel", "start", lab.resourceUid, "--port", "0");
        assertThat(again.exit()).as(again.err()).isEqualTo(ErrorCode.NOT_FOUND.exitCode());
    }

    @Test
    @Order(4)
    void takingThePolicyFromTheRoleClosesTheTunnel() throws Exception {
        lab.admin("share-folder", TunnelLab.FOLDER, "-e", BOB);
        revokeAndMeasure("policy taken from the role", () -> lab.admin("enterprise-role", "Tunnel users",
                "--enforcement", "ALLOW_LAUNCH_PAM_TUNNELS:False"));
        Result again = ConfiguredCli.run(bob, "pam", "tunnel", "start", lab.resourceUid, "--port", "0");
        assertThat(again.exit()).as(again.err()).isEqualTo(ErrorCode.FORBIDDEN.exitCode());
        assertThat(again.err()).contains("ALLOW_LAUNCH_PAM_TUNNELS");
        lab.admin("enterprise-role", "Tunnel users", "--enforcement", "ALLOW_LAUNCH_PAM_TUNNELS:True");
    }

    @Test
    @Order(5)
    void turningTunnelingOffInTheConfigurationClosesTheTunnel() throws Exception {
        revokeAndMeasure("tunneling turned off in the PAM configuration", () -> lab.admin("pam", "config", "edit",
                TunnelLab.FOLDER + "/Lab", "--tunneling", "off"));
        Result again = ConfiguredCli.run(bob, "pam", "tunnel", "start", lab.resourceUid, "--port", "0");
        assertThat(again.exit()).as(again.err()).isEqualTo(ErrorCode.FORBIDDEN.exitCode());
        assertThat(again.err()).contains("tunneling");
        lab.admin("pam", "config", "edit", TunnelLab.FOLDER + "/Lab", "--tunneling", "on");
    }

    @Test
    @Order(6)
    void aBackgroundTunnelIsListedAndStopped() throws Exception {
        JsonNode started = ConfiguredCli.json(bob, "pam", "tunnel", "start", RECORD, "--port", "0", "--background");
        long pid = started.path("pid").asLong();
        lab.adopt(pid);
        String id = started.path("tunnelId").asText();
        int port = started.path("port").asInt();
        assertThat(ProcessHandle.of(pid)).as("the detached tunnel process runs").isPresent();
        Result q = TunnelLab.psql(port, "SELECT 'through the background tunnel'");
        assertThat(q.exit()).as(q.err()).isZero();
        assertThat(q.out().strip()).isEqualTo("through the background tunnel");

        JsonNode listed = null;
        for (JsonNode t : ConfiguredCli.json(bob, "pam", "tunnel", "list")) {
            if (t.path("tunnelId").asText().equals(id)) {
                listed = t;
            }
        }
        assertThat(listed).as("tunnel %s in 'pam tunnel list'", id).isNotNull();
        assertThat(listed.path("connected").asBoolean()).isTrue();
        assertThat(listed.path("bytesUp").asLong()).isPositive();

        ConfiguredCli.ok(bob, "pam", "tunnel", "stop", id);
        awaitPortClosed(port);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("the background process ended").isFalse();
        assertThat(ConfiguredCli.json(bob, "pam", "tunnel", "list")).noneSatisfy(t ->
                assertThat(t.path("tunnelId").asText()).isEqualTo(id));
    }

    @Test
    @Order(7)
    void theAuditTrailHoldsOpenedAndClosedWithTheBytesRelayed() throws Exception {
        assertThat(revokedTunnels).hasSize(5);
        List<String> opened = new ArrayList<>();
        for (JsonNode e : lab.adminJson("audit-report", "--event-type", "tunnel_opened", "--user", BOB)) {
            opened.add(details(e).path("tunnelId").asText());
        }
        assertThat(opened).containsAll(revokedTunnels);
        int closedByRevocation = 0;
        for (JsonNode e : lab.adminJson("audit-report", "--event-type", "tunnel_closed", "--user", BOB)) {
            JsonNode d = details(e);
            if (revokedTunnels.contains(d.path("tunnelId").asText())) {
                closedByRevocation++;
                assertThat(d.path("reason").asText()).startsWith("access revoked");
                // the lab's gateway offers its direct path: the relay saw only the CLI's hello up (67 bytes) and the
                // gateway's hello and offer down (under 230), so the rest is the gateway's last report, sent as its
                // side ended (psql's startup and query up, the server's parameters and the result down)
                assertThat(d.path("path").asText()).as("path of %s", d).isEqualTo("direct");
                assertThat(Long.parseLong(d.path("bytesUp").asText())).as("bytes up of %s", d).isGreaterThan(100);
                assertThat(Long.parseLong(d.path("bytesDown").asText())).as("bytes down of %s", d)
                        .isGreaterThan(300);
            }
        }
        assertThat(closedByRevocation).isEqualTo(5);
    }

    @Test
    @Order(8)
    void disablingTheUserClosesTheTunnelAndEndsTheirSessions() throws Exception {
        revokeAndMeasure("user disabled", () -> lab.admin("enterprise-user", "disable", BOB));
        Result again = ConfiguredCli.run(bob, "pam", "tunnel", "list");
        assertThat(again.exit()).as("bob's session was revoked: %s", again.err())
                .isEqualTo(ErrorCode.UNAUTHENTICATED.exitCode());
    }

    /**
     * Opens bob's tunnel, proves it with a query, keeps a {@code psql} session open in it, runs {@code revoke} as the
     * administrator and measures until bob's tunnel process has ended.
     */
    private void revokeAndMeasure(String kind, Runnable revoke) throws Exception {
        revokeAndMeasure(kind, () -> {
            long start = System.nanoTime();
            revoke.run();
            long done = System.nanoTime();
            // the server commits the change (and fires the revocation hook) before it answers: measure from the
            // answer, not from the CLI's own work before its request (reading and decrypting the vault)
            System.out.printf(Locale.ROOT, "revocation (%s): the administrator's command took %d ms%n", kind,
                    TimeUnit.NANOSECONDS.toMillis(done - start));
            return done;
        });
    }

    /** The change, done by the administrator or by time; answers when it took effect ({@link System#nanoTime()}). */
    @FunctionalInterface
    private interface Change {
        long apply() throws Exception;
    }

    private void revokeAndMeasure(String kind, Change change) throws Exception {
        TunnelLab.Tunnel t = lab.tunnel(bob, lab.resourceUid);
        Result q = TunnelLab.psql(t.port(), "SELECT count(*) FROM generate_series(1, 1000)");
        assertThat(q.exit()).as(q.err()).isZero();
        assertThat(q.out().strip()).isEqualTo("1000");
        // a sleep of its own length per case, so a cut session's lingering backend is not mistaken for this one
        String sleep = "SELECT pg_sleep(90." + revokedTunnels.size() + ")";
        Process session = TunnelLab.psqlProcess(t.port(), sleep);
        awaitBackendRunning(sleep);

        long start = change.apply();
        boolean ended = t.process().waitFor(60, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf(Locale.ROOT, "revocation (%s): tunnel %s closed %d ms after the change took effect%n", kind,
                t.id(), millis);
        assertThat(ended).as("the tunnel process ends (%s): %s", kind, t.output()).isTrue();
        assertThat(millis).as("%s: the tunnel closed after the change, not before", kind).isNotNegative();
        assertThat(millis).as("%s: the tunnel closed within 5 s", kind).isLessThanOrEqualTo(REVOCATION_LIMIT_MILLIS);
        assertThat(session.waitFor(30, TimeUnit.SECONDS)).as("the psql session in the tunnel ended").isTrue();
        assertThat(session.exitValue()).as("the psql session was cut, not finished").isNotZero();
        assertThat(t.output()).contains("access revoked");
        awaitPortClosed(t.port());
        revokedTunnels.add(t.id());
    }

    /** Waits until the psql session's backend is running its sleep, so the revocation cuts a live session. */
    private static void awaitBackendRunning(String sql) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            Result r = directPsql("SELECT count(*) FROM pg_stat_activity WHERE query = '" + sql + "'"
                    + " AND state = 'active'");
            if (r.exit() == 0 && !r.out().strip().equals("0")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the psql session through the tunnel never started its query");
    }

    private static Result directPsql(String sql) throws Exception {
        return TunnelLab.psql(5432, sql);
    }

    private static void awaitPortClosed(int port) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            } catch (IOException refused) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the local port " + port + " still accepts connections");
    }

    private static JsonNode details(JsonNode event) throws IOException {
        return JSON.readTree(event.path("detailsJson").asText("{}"));
    }
}
