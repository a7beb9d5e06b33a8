package io.castellan.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.model.gateway.JobState;
import io.castellan.server.MutableClock;
import io.castellan.server.audit.StoreAudit;
import io.castellan.store.RotationSchedule;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler on a real SQLite store, driven pass by pass with a clock the test moves. */
class RotationSchedulerTest {

    private static final String DAILY = "{\"type\":\"DAILY\",\"utcTime\":\"03:00\"}";
    private static final Instant DUE = Instant.parse("2026-03-01T03:00:00Z");
    private static final SchedulerOptions OPTIONS = new SchedulerOptions(Duration.ofSeconds(1),
            Duration.ofSeconds(5), 3, Duration.ofMinutes(1), Duration.ofHours(1), 100);

    @TempDir
    Path dir;

    private Store store;
    private MutableClock clock;
    private SchedulerFixture fx;
    private RotationScheduler scheduler;

    @BeforeEach
    void open() {
        store = Store.open(StoreConfig.of(dir.resolve("data"), null));
        clock = new MutableClock(DUE.minusSeconds(60));
        fx = new SchedulerFixture(store, clock).seed();
        scheduler = new RotationScheduler(store, new StoreAudit(store.auditEvents(), clock), clock, fx.submitter(),
                OPTIONS);
    }

    @AfterEach
    void close() {
        scheduler.close();
        store.close();
    }

    private RotationSchedule row(String uid) {
        return fx.schedules.get(uid).orElseThrow();
    }

    private String awaitedJob(String uid) {
        return row(uid).jobId().orElseThrow();
    }

    @Test
    void aDueRotationIsSubmittedOnceAndTheNextRunFollowsTheSchedule() {
        fx.pamUser("user1", DAILY, DUE);

        assertThat(scheduler.runDue()).as("not due yet").isZero();
        clock.advance(Duration.ofSeconds(60));
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(fx.jobCount("user1")).isEqualTo(1);
        assertThat(fx.auditCount(SchedulerAuditEvents.ROTATION_SCHEDULED, "user1")).isEqualTo(1);
        String job = awaitedJob("user1");
        assertThat(fx.jobs.get(job).orElseThrow().onDemand()).isFalse();
        assertThat(scheduler.runDue()).as("the check is not due yet").isZero();

        clock.advance(Duration.ofSeconds(5));
        assertThat(scheduler.runDue()).as("a queued job is checked again later").isEqualTo(1);
        assertThat(fx.jobCount("user1")).isEqualTo(1);

        fx.finish(job, JobState.SUCCEEDED);
        clock.advance(Duration.ofSeconds(5));
        scheduler.runDue();
        assertThat(row("user1").jobId()).isEmpty();
        assertThat(row("user1").nextRunAt()).contains(Instant.parse("2026-03-02T03:00:00Z"));
        assertThat(row("user1").lastRunAt()).contains(DUE);
        assertThat(row("user1").consecutiveFailures()).isZero();
    }

    @Test
    void failuresRetryWithBackoffThenTheRotationIsFlaggedAndStops() {
        fx.pamUser("user1", DAILY, DUE);
        clock.advance(Duration.ofSeconds(60));
        Duration[] backoff = {Duration.ofMinutes(1), Duration.ofMinutes(2)};
        for (int attempt = 1; attempt <= 3; attempt++) {
            scheduler.runDue();
            assertThat(fx.jobCount("user1")).isEqualTo(attempt);
            fx.finish(awaitedJob("user1"), attempt == 2 ? JobState.TIMED_OUT : JobState.FAILED);
            clock.advance(Duration.ofSeconds(5));
            scheduler.runDue();
            assertThat(row("user1").consecutiveFailures()).isEqualTo(attempt);
            if (attempt < 3) {
                assertThat(row("user1").nextRunAt()).contains(clock.instant().plus(backoff[attempt - 1]));
                clock.advance(backoff[attempt - 1].minusSeconds(1));
                assertThat(scheduler.runDue()).as("no retry before the backoff ends").isZero();
                clock.advance(Duration.ofSeconds(1));
            }
        }
        RotationSchedule flagged = row("user1");
        assertThat(flagged.flagged()).isTrue();
        assertThat(flagged.nextRunAt()).isEmpty();
        assertThat(fx.auditCount(SchedulerAuditEvents.ROTATION_FLAGGED, "user1")).isEqualTo(1);

        clock.advance(Duration.ofDays(3));
        assertThat(scheduler.runDue()).isZero();
        assertThat(fx.jobCount("user1")).as("a flagged rotation does not run").isEqualTo(3);
        assertThat(fx.schedules.plan("user1", Optional.of(clock.instant()), false).nextRunAt())
                .as("a settings change without --enable keeps the flag").isEmpty();

        RotationSchedule cleared = fx.schedules.plan("user1", Optional.of(clock.instant()), true);
        assertThat(cleared.flagged()).isFalse();
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(fx.jobCount("user1")).isEqualTo(4);
    }

    @Test
    void aSuccessfulOnDemandRotationClearsTheFlag() {
        fx.pamUser("user1", DAILY, DUE);
        RotationSchedule row = row("user1");
        RotationSchedule flagged = row.withNext(Optional.empty()).withFailures(3, Optional.of(DUE));
        assertThat(fx.schedules.transition(row, flagged)).isTrue();
        String onDemand = fx.submitter().submit(SchedulerFixture.GATEWAY, "user1", "machine1", "config1");
        // what RotateCommand does for a flagged record
        assertThat(fx.schedules.transition(flagged, flagged.withJob(Optional.of(onDemand))
                .withNext(Optional.of(clock.instant())))).isTrue();
        fx.finish(onDemand, JobState.SUCCEEDED);

        scheduler.runDue();
        assertThat(row("user1").flagged()).isFalse();
        assertThat(row("user1").consecutiveFailures()).isZero();
        assertThat(row("user1").nextRunAt()).contains(DUE);
    }

    @Test
    void anOfflineGatewayGetsAtMostOneCatchUpRun() {
        fx.pamUser("user1", "{\"type\":\"HOURLY\"}", DUE);
        clock.advance(Duration.ofSeconds(60));
        scheduler.runDue();
        String queued = awaitedJob("user1");
        for (int i = 0; i < 72; i++) { // three days of hourly runs missed while the job waits queued
            clock.advance(Duration.ofHours(1));
            scheduler.runDue();
        }
        assertThat(fx.jobCount("user1")).isEqualTo(1);
        assertThat(fx.jobs.get(queued).orElseThrow().state()).isEqualTo(JobState.QUEUED);

        fx.finish(queued, JobState.SUCCEEDED); // the gateway came back and ran it
        clock.advance(Duration.ofSeconds(5));
        assertThat(scheduler.runDue()).as("a job queued for days is looked at less often").isZero();
        clock.advance(RotationScheduler.MAX_CHECK_DELAY);
        scheduler.runDue();
        Instant now = clock.instant();
        assertThat(row("user1").nextRunAt()).as("the next hourly run, not a backlog")
                .contains(Instant.ofEpochSecond((now.getEpochSecond() / 3600 + 1) * 3600));
        assertThat(scheduler.runDue()).isZero();
        assertThat(fx.jobCount("user1")).isEqualTo(1);
    }

    @Test
    void aDisabledOrOnDemandRotationIsDroppedFromTheSchedule() {
        fx.pamUser("user1", DAILY, DUE);
        var s = fx.settings.get("user1").orElseThrow();
        fx.settings.put(new io.castellan.store.RotationSettings(s.recordUid(), s.resourceUid(), s.configUid(),
                s.rotationType(), s.scheduleJson(), s.noop(), false, s.encryptedSettings(), s.updatedBy(),
                s.createdAt(), s.updatedAt()));
        clock.advance(Duration.ofSeconds(60));
        scheduler.runDue();
        assertThat(fx.jobCount("user1")).isZero();
        assertThat(row("user1").nextRunAt()).isEmpty();
    }

    @Test
    void settingsWithoutASchedulerRowArePlannedOnceByReconcile() {
        fx.pamUser("planned", DAILY, DUE.plusSeconds(3600));
        fx.unplannedPamUser("old-daily", Optional.of(DAILY), true);
        fx.unplannedPamUser("old-on-demand", Optional.empty(), true);
        fx.unplannedPamUser("old-disabled", Optional.of(DAILY), false);

        assertThat(scheduler.reconcile()).isEqualTo(3);
        assertThat(row("old-daily").nextRunAt()).contains(DUE);
        assertThat(row("old-on-demand").nextRunAt()).isEmpty();
        assertThat(row("old-disabled").nextRunAt()).isEmpty();
        assertThat(row("planned").nextRunAt()).as("an existing row is left alone").contains(DUE.plusSeconds(3600));
        assertThat(scheduler.reconcile()).as("idempotent").isZero();

        clock.advance(Duration.ofSeconds(60));
        assertThat(scheduler.runDue()).as("the reconciled rotation runs when due").isEqualTo(1);
        assertThat(fx.jobCount("old-daily")).isEqualTo(1);
    }

    @Test
    void startReconcilesBeforeItsFirstPass() throws InterruptedException {
        fx.unplannedPamUser("old-daily", Optional.of(DAILY), true);
        scheduler.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (fx.schedules.get("old-daily").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(row("old-daily").nextRunAt()).contains(DUE);
    }
}
