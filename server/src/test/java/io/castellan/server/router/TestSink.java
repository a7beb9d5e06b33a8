package io.castellan.server.router;

import io.castellan.gateway.jobs.CommandSink;
import io.castellan.gateway.jobs.JobReporter;
import io.castellan.model.gateway.Command;
import io.castellan.model.gateway.JobState;
import io.castellan.model.gateway.JobUpdate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A simple job runner for tests: acknowledges each command (RUNNING) and then, on a virtual thread, finishes it with
 * what {@code work} returns; a command with {@code "ignore": "true"} is acknowledged and never finished (timeouts).
 */
final class TestSink implements CommandSink {

    final List<Command> received = new CopyOnWriteArrayList<>();
    /** The reporters of ignored commands, so a test can finish them later (e.g. while disconnected). */
    final Map<String, JobReporter> held = new java.util.concurrent.ConcurrentHashMap<>();
    private final Function<Command, JobUpdate> work;

    TestSink(Function<Command, JobUpdate> work) {
        this.work = work;
    }

    /** Succeeds every command; gateway-info answers version, uptime and running jobs. */
    static TestSink succeeding() {
        return new TestSink(c -> c.command().equals("gateway-info") ? info(c)
                : new JobUpdate(c.jobId(), JobState.SUCCEEDED, "done " + c.command(), Map.of()));
    }

    static JobUpdate info(Command c) {
        return new JobUpdate(c.jobId(), JobState.SUCCEEDED, "gateway info", Map.of("version", "test-gateway/1.0",
                "uptimeSeconds", "7", "runningJobs", "0"));
    }

    @Override
    public void accept(Command command, JobReporter reporter) {
        received.add(command);
        reporter.report(new JobUpdate(command.jobId(), JobState.RUNNING, null, Map.of()));
        if ("true".equals(command.args().get("ignore"))) {
            held.put(command.jobId(), reporter);
            return;
        }
        Thread.ofVirtual().start(() -> reporter.report(work.apply(command)));
    }

    @Override
    public int runningJobs() {
        return 0;
    }
}
