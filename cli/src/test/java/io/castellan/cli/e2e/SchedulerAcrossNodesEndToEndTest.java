package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.gateway.jobs.CommandSink;
import io.castellan.gateway.jobs.JobReporter;
import io.castellan.gateway.router.RouterClient;
import io.castellan.gateway.router.RouterClientSettings;
import io.castellan.model.gateway.Command;
import io.castellan.model.gateway.CommandType;
import io.castellan.model.gateway.JobState;
import io.castellan.model.gateway.JobUpdate;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.ClientConfigCodec;
import io.castellan.sdk.transport.TlsTrust;
import io.castellan.testkit.PostgresTestDatabase;
import io.castellan.testkit.ServerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
 * The rotation scheduler on two real server processes sharing one PostgreSQL database, set up through the CLI: a
 * PAM configuration whose gateway (a real {@link RouterClient} that answers every rotate job "succeeded", connected
 * to node B) serves many pamUser records rotating every 10 seconds. Both nodes run their schedulers over the same
 * rows; across several periods every pamUser gets exactly one job per due run. Then "rotate after share expiry":
 * the administrator shares a pamUser with Bob for a few seconds with {@code --rotate-on-expiration}; when the share
 * ends it is removed and exactly one rotation of that pamUser is submitted and run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class SchedulerAcrossNodesEndToEndTest {

    private static final String ADMIN = "admin@scheduler-nodes.example";
    private static final String BOB = "bob@scheduler-nodes.example";
    private static final int PAM_USERS = 16;
    private static final int PERIODS = 3;
    private static final long PERIOD_MILLIS = 10_000;

    @TempDir
    static Path dir;

    private PostgresTestDatabase db;
    private ServerProcess a;
    private ServerProcess b;
    private RouterClient gateway;
    private final AtomicInteger rotateJobsAnswered = new AtomicInteger();
    private Path admin;
    private Path bob;
    private Path pw;
    private String resourceUid;
    private String configUid;
    private final List<String> scheduled = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        pw = Files.writeString(dir.resolve("pw"), "scheduler nodes master password 7Qz\n");
        admin = dir.resolve("cli-admin/config.json");
        bob = dir.resolve("cli-bob/config.json");
        db = PostgresTestDatabase.create();
        Result created = Cli.run("server", "init-admin", "--data-dir", dir.resolve("a/data").toString(),
                "--db-url", db.jdbcUrl(), "--email", ADMIN, "--password-file", pw.toString(),
                "--iterations", "100000");
        assertThat(created.exit()).as(created.err()).isZero();
        a = node(dir.resolve("a"));
        b = node(dir.resolve("b"));
        ConfiguredCli.ok(admin, "login", ADMIN, "--server", a.url(), "--password-file", pw.toString());
        ConfiguredCli.ok(admin, "mkdir", "-sf", "Machines");
        resourceUid = ConfiguredCli.ok(admin, "record-add", "-rt", "pamDatabase", "-t", "db", "--folder", "Machines",
                "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"5432\"}", "databaseType=postgresql",
                "login=postgres", "password=unused").out().strip();
        ConfiguredCli.ok(admin, "secrets-manager", "app", "create", "pam app");
        ConfiguredCli.ok(admin, "secrets-manager", "share", "add", "--app", "pam app", "--secret", "Machines",
                "--editable");
        String b64 = ConfiguredCli.ok(admin, "pam", "gateway", "new", "-n", "gw", "-a", "pam app", "-c").out()
                .strip();
        configUid = ConfiguredCli.ok(admin, "pam", "config", "new", "--environment", "local", "--title", "Lab",
                "--gateway", "gw", "--shared-folder", "Machines", "--rotation", "on").out().strip();

        ClientConfig cfg = ClientConfigCodec.parse(new String(Base64s.decode(b64)));
        RouterClientSettings settings = new RouterClientSettings(URI.create(b.url()),
                TlsTrust.pinned(b.fingerprint()).sslContext(), cfg.require(ClientConfig.CLIENT_ID),
                EcKeys.privateKeyFromPkcs8(Base64s.decode(cfg.require(ClientConfig.PRIVATE_KEY))),
                "scheduler-nodes/1.0", Instant.now(), List.of("rotate"));
        gateway = new RouterClient(settings, new SucceedingSink());
        gateway.start();
        await("the gateway is online", Duration.ofSeconds(60), () -> {
            JsonNode list = json(admin, "pam", "gateway", "list");
            return list.size() == 1 && list.get(0).path("online").asBoolean();
        });
    }

    @AfterAll
    void tearDown() {
        try (PostgresTestDatabase database = db; ServerProcess first = a; ServerProcess second = b;
             RouterClient client = gateway) {
            // closed in reverse order: the gateway, the nodes, then the database
        }
    }

    @Test
    @Order(1)
    void twoNodesSubmitEveryDueRunOfManyRotationsExactlyOnceAcrossSeveralPeriods() throws Exception {
        for (int i = 0; i < PAM_USERS; i++) {
            String uid = ConfiguredCli.ok(admin, "record-add", "-rt", "pamUser", "-t", "user " + i, "--folder",
                    "Machines", "login=user" + i, "password=initial-" + i).out().strip();
            scheduled.add(uid);
        }
        for (String uid : scheduled) {
            ConfiguredCli.ok(admin, "pam", "rotation", "edit", "--record", uid, "--resource", resourceUid,
                    "--configuration", configUid, "--noop", "--schedulecron", "*/10 * * * * ?");
        }

        await(PAM_USERS + " rotations each run " + PERIODS + " times", Duration.ofSeconds(300), () ->
                scheduled.stream().allMatch(uid -> succeededJobs(uid) >= PERIODS));
        Map<String, List<Long>> before = jobTimes();
        // Make them on demand and let the runs in progress finish, so jobs and audit events are counted at rest.
        for (String uid : scheduled) {
            ConfiguredCli.ok(admin, "pam", "rotation", "edit", "--record", uid, "--resource", resourceUid,
                    "--configuration", configUid, "--on-demand");
        }
        await("no scheduled run is due or in progress", Duration.ofSeconds(120), () -> {
            try {
                return count("SELECT COUNT(*) FROM rotation_schedules WHERE next_run_at IS NOT NULL"
                        + " OR job_id IS NOT NULL") == 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, List<Long>> jobs = jobTimes();
        assertThat(jobs.keySet()).containsAll(scheduled);
        for (String uid : scheduled) {
            List<Long> created = jobs.get(uid);
            assertThat(created.size()).as("jobs of " + uid).isGreaterThanOrEqualTo(PERIODS)
                    .isGreaterThanOrEqualTo(before.get(uid).size());
            Set<Long> windows = new HashSet<>();
            for (long at : created) {
                assertThat(windows.add(at / PERIOD_MILLIS)).as("two jobs of %s in the 10 s period of %s: %s", uid,
                        Instant.ofEpochMilli(at), created).isTrue();
            }
            assertThat(count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'rotation_scheduled'"
                    + " AND subject_uids LIKE ?", uid + ",%")).as("rotation_scheduled events of " + uid)
                    .isEqualTo(created.size());
        }
        assertThat(rotateJobsAnswered.get()).as("the gateway ran every job once")
                .isEqualTo(jobs.values().stream().mapToInt(List::size).sum());
        assertThat(count("SELECT COUNT(*) FROM gateway_jobs WHERE command = 'rotate' AND state <> 'succeeded'"))
                .as("no job left behind").isZero();
    }

    @Test
    @Order(2)
    void aPamUserSharedWithRotateOnExpirationIsRotatedOnceWhenTheShareEnds() throws Exception {
        String invite = ConfiguredCli.ok(admin, "enterprise-user", "add", BOB).out().strip();
        ConfiguredCli.ok(bob, "register", BOB, "--invite", invite, "--server", b.url(), "--password-file",
                pw.toString(), "--iterations", "100000");
        ConfiguredCli.ok(bob, "login", BOB, "--password-file", pw.toString());
        String lent = ConfiguredCli.ok(admin, "record-add", "-rt", "pamUser", "-t", "lent user", "--folder",
                "Machines", "login=lent", "password=initial-lent").out().strip();
        String note = ConfiguredCli.ok(admin, "record-add", "-rt", "login", "-t", "plain login", "login=x",
                "password=y").out().strip();

        Result noExpiry = ConfiguredCli.run(admin, "share-record", lent, "-e", BOB, "--rotate-on-expiration");
        assertThat(noExpiry.exit()).isNotZero();
        assertThat(noExpiry.err()).contains("--rotate-on-expiration needs --expire-in or --expire-at");
        Result noSettings = ConfiguredCli.run(admin, "share-record", lent, "-e", BOB, "--expire-in", "1h",
                "--rotate-on-expiration");
        assertThat(noSettings.exit()).as("a record without rotation settings").isNotZero();
        assertThat(noSettings.err()).contains("rotateOnExpiration", "no rotation settings");
        Result plain = ConfiguredCli.run(admin, "share-record", note, "-e", BOB, "--expire-in", "1h",
                "--rotate-on-expiration");
        assertThat(plain.exit()).isNotZero();
        assertThat(count("SELECT COUNT(*) FROM record_keys WHERE record_uid IN (?, ?) AND holder_kind = 'user'"
                + " AND expires_at IS NOT NULL", lent, note)).as("refused shares store nothing").isZero();

        ConfiguredCli.ok(admin, "pam", "rotation", "edit", "--record", lent, "--resource", resourceUid,
                "--configuration", configUid, "--noop", "--on-demand");
        Instant ends = Instant.now().plusSeconds(8);
        assertThat(ConfiguredCli.ok(admin, "share-record", lent, "-e", BOB, "--expire-at", ends.toString(),
                "--rotate-on-expiration").out()).contains("rotating its credential then");
        ConfiguredCli.ok(bob, "get", lent); // Bob sees the pamUser while shared
        assertThat(count("SELECT COUNT(*) FROM gateway_jobs WHERE record_uids LIKE ?", "%\"" + lent + "\"%"))
                .as("nothing rotates while the share lasts").isZero();

        await("the share ended and the rotation ran", Duration.ofSeconds(120), () -> {
            try {
                return count("SELECT COUNT(*) FROM gateway_jobs WHERE state = 'succeeded' AND record_uids LIKE ?",
                        "%\"" + lent + "\"%") == 1;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(Instant.now()).as("not before the share ended").isAfterOrEqualTo(ends);
        assertThat(ConfiguredCli.run(bob, "get", lent).exit()).as("Bob's share is gone").isNotZero();
        JsonNode events = json(admin, "audit-report", "--event-type", "rotation_after_share_expiry", "--record",
                lent);
        assertThat(events.size()).as("one rotation_after_share_expiry event: %s", events).isEqualTo(1);
        String text = events.get(0).toString();
        String jobId = jobOf(lent);
        assertThat(text).contains(lent, jobId, "success");
        assertThat(ConfiguredCli.ok(admin, "pam", "action", "job-info", jobId).out()).contains("succeeded");
        assertThat(count("SELECT COUNT(*) FROM audit_events WHERE event_type = 'record_share_expired'"
                + " AND subject_uids LIKE ?", lent + ",%")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM gateway_jobs WHERE record_uids LIKE ?", "%\"" + lent + "\"%"))
                .as("exactly one rotation").isEqualTo(1);
    }

    private String jobOf(String uid) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl());
             PreparedStatement s = c.prepareStatement("SELECT id FROM gateway_jobs WHERE record_uids LIKE ?")) {
            s.setString(1, "%\"" + uid + "\"%");
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getString(1);
            }
        }
    }

    private Map<String, List<Long>> jobTimes() throws Exception {
        Map<String, List<Long>> times = new HashMap<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl());
             PreparedStatement s = c.prepareStatement("SELECT record_uids, created_at FROM gateway_jobs"
                     + " WHERE command = 'rotate' ORDER BY created_at");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                String records = r.getString(1);
                for (String uid : scheduled) {
                    if (records.contains("\"" + uid + "\"")) {
                        times.computeIfAbsent(uid, k -> new ArrayList<>()).add(r.getLong(2));
                    }
                }
            }
        }
        return times;
    }

    private long succeededJobs(String uid) {
        try {
            return count("SELECT COUNT(*) FROM gateway_jobs WHERE command = 'rotate' AND state = 'succeeded'"
                    + " AND record_uids LIKE ?", "%\"" + uid + "\"%");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql, String... parameters) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl());
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private ServerProcess node(Path home) {
        return ServerProcess.builder(home.resolve("data")).listen("127.0.0.1", 0).dbUrl(db.jdbcUrl())
                .logFile(home.resolve("server.log")).startTimeout(Duration.ofSeconds(120)).start();
    }

    private static JsonNode json(Path config, String... args) {
        try {
            return ConfiguredCli.json(config, args);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(250);
        }
    }

    /** Answers every rotate job "succeeded", as a gateway with a no-op target would. */
    private final class SucceedingSink implements CommandSink {
        @Override
        public void accept(Command command, JobReporter reporter) {
            if (CommandType.ROTATE.wireName().equals(command.command())) {
                rotateJobsAnswered.incrementAndGet();
            }
            reporter.report(new JobUpdate(command.jobId(), JobState.SUCCEEDED, "no-op", Map.of()));
        }

        @Override
        public int runningJobs() {
            return 0;
        }
    }
}
