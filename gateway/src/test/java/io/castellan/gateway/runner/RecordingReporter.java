package io.castellan.gateway.runner;

import io.castellan.gateway.jobs.JobReporter;
import io.castellan.model.gateway.JobState;
import io.castellan.model.gateway.JobUpdate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects the updates the runner sends, from any thread, and waits for a job's terminal one. */
final class RecordingReporter implements JobReporter {

    final List<JobUpdate> updates = new CopyOnWriteArrayList<>();

    @Override
    public void report(JobUpdate update) {
        updates.add(update);
    }

    List<JobUpdate> of(String jobId) {
        return updates.stream().filter(u -> u.jobId().equals(jobId)).toList();
    }

    JobUpdate awaitTerminal(String jobId, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (JobUpdate u : of(jobId)) {
                if (u.state().terminal()) {
                    return u;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no terminal update for " + jobId + " within " + timeout + ": " + of(jobId));
    }

    List<JobState> states(String jobId) {
        return of(jobId).stream().map(JobUpdate::state).toList();
    }
}
