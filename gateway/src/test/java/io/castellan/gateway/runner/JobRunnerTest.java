package io.castellan.gateway.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.gateway.logging.SecretScrubber;
import io.castellan.gateway.testing.Canaries;
import io.castellan.gateway.testing.TestConfigs;
import io.castellan.model.gateway.Command;
import io.castellan.model.gateway.CommandType;
import io.castellan.model.gateway.JobState;
import io.castellan.model.gateway.JobUpdate;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.SecretsManagerOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The runner on real (virtual) threads: admission, bounded concurrency, timeouts, failures, stop. */
@Timeout(30)
class JobRunnerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SecretScrubber scrubber = new SecretScrubber();
    private final SecretsManager sm = SecretsManager.fromConfig(TestConfigs.bound("127.0.0.1:9"),
            SecretsManagerOptions.defaults());
    private final GatewaySecrets secrets = new GatewaySecrets(sm, scrubber);
    private final RecordingReporter reporter = new RecordingReporter();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<JobRunner> runners = new ArrayList<>();

    @AfterEach
    void close() {
        release.countDown();
        runners.forEach(JobRunner::close);
        sm.close();
    }

    @Test
    void aNoopIsAcknowledgedRunningThenSucceeds() throws Exception {
        JobRunner runner = runner(RunnerSettings.defaults(), new NoopHandler());

        runner.accept(command("j1", "noop", 5_000), reporter);

        assertThat(reporter.awaitTerminal("j1", WAIT).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(reporter.states("j1")).containsExactly(JobState.RUNNING, JobState.SUCCEEDED);
        assertThat(runner.capabilities()).containsExactly("noop");
    }

    @Test
    void unknownUnsupportedAndMalformedCommandsAreRejected() {
        JobRunner runner = runner(RunnerSettings.defaults(), new NoopHandler());

        runner.accept(command("j1", "format-disk\u0007", 5_000), reporter);
        runner.accept(command("j2", "rotate", 5_000), reporter);
        runner.accept(command("j3", "noop", 0), reporter);
        runner.accept(command("j4", "noop", Duration.ofDays(2).toMillis()), reporter);
        runner.accept(command("", "noop", 5_000), reporter);
        runner.accept(command("bad\nid", "noop", 5_000), reporter);

        assertThat(reporter.updates).extracting(JobUpdate::state).containsOnly(JobState.REJECTED).hasSize(6);
        assertThat(reporter.of("bad?id").getFirst().summary()).isEqualTo("the command has no usable job id");
        assertThat(reporter.of("j1").getFirst().summary()).isEqualTo("unknown command 'format-disk?'");
        assertThat(reporter.of("j2").getFirst().summary()).isEqualTo("this gateway does not run 'rotate' commands");
        assertThat(reporter.of("j3").getFirst().summary()).startsWith("the job timeout must be between 1 ms and");
        assertThat(reporter.of("j4").getFirst().summary()).startsWith("the job timeout must be between 1 ms and");
        assertThat(reporter.of("").getFirst().summary()).isEqualTo("the command has no usable job id");
    }

    @Test
    void concurrencyIsBoundedAndAFullQueueRejects() throws Exception {
        BlockingHandler blocking = new BlockingHandler(release);
        JobRunner runner = runner(new RunnerSettings(2, 1, Duration.ofHours(1)), blocking);

        for (String id : List.of("a", "b", "c", "d")) {
            runner.accept(command(id, "noop", 20_000), reporter);
        }

        assertThat(blocking.started.await(5, TimeUnit.SECONDS)).isTrue();
        awaitRunning(runner, 2);
        Thread.sleep(200);
        assertThat(blocking.peak.get()).isEqualTo(2);
        assertThat(reporter.states("d")).containsExactly(JobState.REJECTED);
        assertThat(reporter.of("d").getFirst().summary()).contains("busy", "queue of 1 is full");
        assertThat(reporter.states("c")).containsExactly(JobState.RUNNING);
        release.countDown();
        for (String id : List.of("a", "b", "c")) {
            assertThat(reporter.awaitTerminal(id, WAIT).state()).isEqualTo(JobState.SUCCEEDED);
        }
        assertThat(blocking.peak.get()).isEqualTo(2);
        awaitRunning(runner, 0);
        runner.accept(command("e", "noop", 5_000), reporter);
        assertThat(reporter.awaitTerminal("e", WAIT).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aJobPastItsTimeoutFailsAndItsHandlerIsInterrupted() throws Exception {
        BlockingHandler blocking = new BlockingHandler(release);
        JobRunner runner = runner(RunnerSettings.defaults(), blocking);

        runner.accept(command("slow", "noop", 300), reporter);

        JobUpdate end = reporter.awaitTerminal("slow", WAIT);
        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(end.summary()).isEqualTo("timed out after 300 ms");
        assertThat(blocking.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        awaitRunning(runner, 0);
        assertThat(reporter.states("slow")).containsExactly(JobState.RUNNING, JobState.FAILED);
    }

    @Test
    void aFailureSummaryIsScrubbedOfEverySecretTheHandlerRegistered() throws Exception {
        String canary = Canaries.next();
        JobHandler leaky = new JobHandler() {
            @Override
            public CommandType type() {
                return CommandType.ROTATE;
            }

            @Override
            public JobOutcome run(JobContext context) {
                context.secrets().registerNew(canary);
                throw new IllegalStateException("the target said: password " + canary + " is wrong");
            }
        };
        JobRunner runner = runner(RunnerSettings.defaults(), leaky);

        runner.accept(command("r1", "rotate", 5_000), reporter);

        JobUpdate end = reporter.awaitTerminal("r1", WAIT);
        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(end.summary()).isEqualTo("the target said: password [scrubbed] is wrong");
        assertThat(reporter.updates.toString()).doesNotContain(canary);
    }

    @Test
    void gatewayInfoReportsVersionUptimeAndRunningJobs() throws Exception {
        Instant started = Instant.now().minusSeconds(42);
        List<JobRunner> self = new ArrayList<>();
        JobRunner runner = runner(RunnerSettings.defaults(), new GatewayInfoHandler("1.2.3", started,
                () -> self.getFirst().runningJobs(), Clock.systemUTC()));
        self.add(runner);

        runner.accept(command("i1", "gateway-info", 5_000), reporter);

        JobUpdate end = reporter.awaitTerminal("i1", WAIT);
        assertThat(end.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(end.details()).containsEntry("version", "1.2.3").containsEntry("runningJobs", "1");
        assertThat(Long.parseLong(end.details().get("uptimeSeconds"))).isBetween(42L, 60L);
    }

    @Test
    void stopGivesRunningJobsTheGracePeriodThenFailsTheRestAndRejectsNewOnes() throws Exception {
        BlockingHandler blocking = new BlockingHandler(release);
        JobRunner runner = runner(RunnerSettings.defaults(), blocking);
        runner.accept(command("stuck", "noop", 20_000), reporter);
        assertThat(blocking.started.await(5, TimeUnit.SECONDS)).isTrue();

        long t0 = System.nanoTime();
        runner.stop(Duration.ofMillis(400));
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(tookMillis).isGreaterThanOrEqualTo(400);
        JobUpdate end = reporter.awaitTerminal("stuck", WAIT);
        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(end.summary()).isEqualTo("the gateway stopped before the job finished");
        assertThat(blocking.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        runner.accept(command("late", "noop", 5_000), reporter);
        assertThat(reporter.of("late")).singleElement().satisfies(u -> {
            assertThat(u.state()).isEqualTo(JobState.REJECTED);
            assertThat(u.summary()).isEqualTo("the gateway is stopping");
        });
    }

    @Test
    void aJobSentAgainWhileItRunsIsAcknowledgedAgainAndRunsOnce() throws Exception {
        BlockingHandler blocking = new BlockingHandler(release);
        JobRunner runner = runner(RunnerSettings.defaults(), blocking);
        runner.accept(command("same", "noop", 20_000), reporter);
        runner.accept(command("same", "noop", 20_000), reporter);

        assertThat(reporter.states("same")).containsExactly(JobState.RUNNING, JobState.RUNNING);
        release.countDown();
        assertThat(reporter.awaitTerminal("same", WAIT).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(blocking.peak.get()).isEqualTo(1);
        awaitRunning(runner, 0);
        assertThat(reporter.states("same")).containsExactly(JobState.RUNNING, JobState.RUNNING, JobState.SUCCEEDED);
    }

    @Test
    void aJobSentAgainAfterItFinishedGetsItsResultAgainAndDoesNotRunTwice() throws Exception {
        BlockingHandler blocking = new BlockingHandler(release);
        JobRunner runner = runner(RunnerSettings.defaults(), blocking);
        release.countDown();
        runner.accept(command("done", "noop", 20_000), reporter);
        JobUpdate first = reporter.awaitTerminal("done", WAIT);
        awaitRunning(runner, 0);
        RecordingReporter afterReconnect = new RecordingReporter();

        runner.accept(command("done", "noop", 20_000), afterReconnect);

        JobUpdate again = afterReconnect.awaitTerminal("done", WAIT);
        assertThat(again.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(again.summary()).isEqualTo(first.summary()).isEqualTo("released");
        assertThat(afterReconnect.states("done")).containsExactly(JobState.SUCCEEDED);
        assertThat(blocking.runs.get()).isEqualTo(1);
    }

    private JobRunner runner(RunnerSettings settings, JobHandler... handlers) {
        JobRunner runner = new JobRunner(settings, List.of(handlers), secrets, scrubber);
        runners.add(runner);
        return runner;
    }

    private static Command command(String jobId, String type, long timeoutMillis) {
        return new Command(jobId, type, List.of(), Map.of(), timeoutMillis);
    }

    private static void awaitRunning(JobRunner runner, int expected) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (runner.runningJobs() != expected && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(runner.runningJobs()).isEqualTo(expected);
    }
}
