package io.castellan.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.server.audit.StoreAudit;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import io.castellan.testkit.PostgresTestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two scheduler nodes, each with its own store (connection pool) on one PostgreSQL database, racing over the same due
 * rotations: every rotation gets exactly one job.
 */
class TwoNodeSchedulerTest {

    private static final PostgresTestDatabase DATABASE = PostgresTestDatabase.create();
    private static final int ROTATIONS = 60;

    @TempDir
    Path dir;

    @AfterAll
    static void drop() {
        DATABASE.close();
    }

    @Test
    void twoNodesSubmitEachDueRotationExactlyOnce() throws Exception {
        String url = DATABASE.newSchemaUrl();
        Clock clock = Clock.systemUTC();
        try (Store first = Store.open(StoreConfig.of(dir.resolve("a"), url));
             Store second = Store.open(StoreConfig.of(dir.resolve("b"), url))) {
            SchedulerFixture fx = new SchedulerFixture(first, clock).seed();
            Instant due = clock.instant().minusSeconds(1);
            for (int i = 0; i < ROTATIONS; i++) {
                fx.pamUser("user" + i, "{\"type\":\"DAILY\",\"utcTime\":\"03:00\"}", due);
            }
            SchedulerOptions options = new SchedulerOptions(Duration.ofSeconds(1), Duration.ofMinutes(5), 3,
                    Duration.ofMinutes(1), Duration.ofHours(1), 500);
            List<RotationScheduler> nodes = List.of(
                    new RotationScheduler(first, new StoreAudit(first.auditEvents(), clock), clock, fx.submitter(),
                            options),
                    new RotationScheduler(second, new StoreAudit(second.auditEvents(), clock), clock,
                            new SchedulerFixture(second, clock).submitter(), options));
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> passes = nodes.stream().map(node -> threads.submit(() -> {
                    start.await();
                    int changed = 0;
                    for (int pass = 0; pass < 3; pass++) {
                        changed += node.runDue();
                    }
                    return changed;
                })).toList();
                start.countDown();
                int total = 0;
                for (Future<Integer> pass : passes) {
                    total += pass.get();
                }
                assertThat(total).as("claims made by both nodes").isEqualTo(ROTATIONS);
            } finally {
                threads.shutdownNow();
            }
            for (int i = 0; i < ROTATIONS; i++) {
                assertThat(fx.jobCount("user" + i)).as("jobs of user" + i).isEqualTo(1);
                assertThat(fx.schedules.get("user" + i).orElseThrow().jobId()).isPresent();
            }
            long audited = first.read(h -> h.createQuery("SELECT COUNT(*) FROM audit_events WHERE event_type ="
                    + " 'rotation_scheduled'").mapTo(Long.class).one());
            assertThat(audited).isEqualTo(ROTATIONS);
        }
    }

    @Test
    void twoNodesReconcilingAtOnceAddEachMissingRowOnce() throws Exception {
        String url = DATABASE.newSchemaUrl();
        Clock clock = Clock.systemUTC();
        try (Store first = Store.open(StoreConfig.of(dir.resolve("a"), url));
             Store second = Store.open(StoreConfig.of(dir.resolve("b"), url))) {
            SchedulerFixture fx = new SchedulerFixture(first, clock).seed();
            for (int i = 0; i < ROTATIONS; i++) {
                fx.unplannedPamUser("old" + i, java.util.Optional.of("{\"type\":\"DAILY\",\"utcTime\":\"03:00\"}"),
                        true);
            }
            SchedulerOptions options = new SchedulerOptions(Duration.ofSeconds(1), Duration.ofMinutes(5), 3,
                    Duration.ofMinutes(1), Duration.ofHours(1), 7);
            List<RotationScheduler> nodes = List.of(
                    new RotationScheduler(first, new StoreAudit(first.auditEvents(), clock), clock, fx.submitter(),
                            options),
                    new RotationScheduler(second, new StoreAudit(second.auditEvents(), clock), clock,
                            new SchedulerFixture(second, clock).submitter(), options));
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> passes = nodes.stream().map(node -> threads.submit(() -> {
                    start.await();
                    return node.reconcile();
                })).toList();
                start.countDown();
                int total = 0;
                for (Future<Integer> pass : passes) {
                    total += pass.get();
                }
                assertThat(total).as("rows added by both nodes").isEqualTo(ROTATIONS);
            } finally {
                threads.shutdownNow();
            }
            long rows = first.read(h -> h.createQuery("SELECT COUNT(*) FROM rotation_schedules WHERE next_run_at IS"
                    + " NOT NULL").mapTo(Long.class).one());
            assertThat(rows).isEqualTo(ROTATIONS);
        }
    }

    @Test
    void twoNodesSweepingAtOnceRotateEachExpiredShareOnce() throws Exception {
        String url = DATABASE.newSchemaUrl();
        Clock clock = Clock.systemUTC();
        try (Store first = Store.open(StoreConfig.of(dir.resolve("a"), url));
             Store second = Store.open(StoreConfig.of(dir.resolve("b"), url))) {
            SchedulerFixture fx = new SchedulerFixture(first, clock).seed();
            first.users().create("bob", "bob@example.com", io.castellan.store.UserStatus.ACTIVE, false,
                    new io.castellan.store.UserKeys(SchedulerFixture.bytes("salt"), 1_000_000,
                            SchedulerFixture.bytes("v"), SchedulerFixture.bytes("dk"), SchedulerFixture.bytes("pub"),
                            SchedulerFixture.bytes("priv")));
            for (int i = 0; i < ROTATIONS; i++) {
                fx.unplannedPamUser("shared" + i, java.util.Optional.empty(), true);
                first.recordKeys().put(new io.castellan.store.RecordKey("shared" + i,
                        io.castellan.store.HolderKind.USER, "bob", SchedulerFixture.bytes("sealed"), false, false,
                        java.util.Optional.of(clock.instant().minusMillis(1))), true);
            }
            List<io.castellan.server.vault.VaultMaintenance> sweepers = List.of(
                    sweeper(first, clock, fx.submitter()),
                    sweeper(second, clock, new SchedulerFixture(second, clock).submitter()));
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> sweeps = sweepers.stream().map(s -> threads.submit(() -> {
                    start.await();
                    return s.sweepExpiredShares() + s.sweepExpiredShares();
                })).toList();
                start.countDown();
                int total = 0;
                for (Future<Integer> sweep : sweeps) {
                    total += sweep.get();
                }
                assertThat(total).as("shares deleted by both nodes").isEqualTo(ROTATIONS);
            } finally {
                threads.shutdownNow();
            }
            for (int i = 0; i < ROTATIONS; i++) {
                assertThat(fx.jobCount("shared" + i)).as("jobs of shared" + i).isEqualTo(1);
                assertThat(fx.auditCount(SchedulerAuditEvents.ROTATION_AFTER_SHARE_EXPIRY, "shared" + i + ","))
                        .isEqualTo(1);
            }
        }
    }

    private static io.castellan.server.vault.VaultMaintenance sweeper(Store store, Clock clock,
            RotationSubmitter submitter) {
        StoreAudit audit = new StoreAudit(store.auditEvents(), clock);
        return new io.castellan.server.vault.VaultMaintenance(store, audit, clock,
                new ShareExpiryRotations(store, audit, clock, submitter));
    }
}
