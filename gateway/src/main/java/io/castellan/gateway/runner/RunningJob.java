package io.castellan.gateway.runner;

import io.castellan.gateway.jobs.JobReporter;
import io.castellan.gateway.logging.SecretScrubber;
import io.castellan.model.gateway.Command;
import io.castellan.model.gateway.JobState;
import io.castellan.model.gateway.JobUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted job: runs its handler on a thread of its own under the deadline and sends exactly one terminal
 * update, scrubbed, whichever comes first (the handler's end, the deadline, the gateway's stop).
 */
final class RunningJob {

    private static final Logger LOG = LoggerFactory.getLogger(RunningJob.class);
    /** Summaries longer than this are cut: the server shows one line. */
    static final int MAX_SUMMARY = 1000;

    final Command command;
    final Instant deadline;
    private final JobHandler handler;
    private final JobReporter reporter;
    private final SecretScrubber scrubber;
    private final AtomicBoolean finished = new AtomicBoolean();
    /** The terminal update once sent, so a resent command can be answered with it instead of running again. */
    private volatile JobUpdate terminal;
    volatile Thread worker;
    private volatile Thread handlerThread;

    RunningJob(Command command, JobHandler handler, Instant deadline, JobReporter reporter, SecretScrubber scrubber) {
        this.command = command;
        this.handler = handler;
        this.deadline = deadline;
        this.reporter = reporter;
        this.scrubber = scrubber;
    }

    /** Runs the handler and reports its end; called on the job's worker thread. */
    void run(JobContext context) throws InterruptedException {
        CompletableFuture<JobOutcome> result = new CompletableFuture<>();
        handlerThread = Thread.ofVirtual().name("gateway-handler-" + Printable.of(command.jobId())).start(() -> {
            try {
                result.complete(handler.run(context));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        long waitMillis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
        try {
            JobOutcome outcome = result.get(waitMillis, TimeUnit.MILLISECONDS);
            report(JobState.SUCCEEDED, outcome.summary(), outcome.details());
            LOG.info("job {} succeeded", command.jobId());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            LOG.warn("job {} failed", command.jobId(), cause);
            fail(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
        } catch (TimeoutException e) {
            handlerThread.interrupt();
            fail("timed out after " + command.timeoutMillis() + " ms");
        } catch (InterruptedException e) {
            handlerThread.interrupt();
            throw e;
        }
    }

    void fail(String summary) {
        if (report(JobState.FAILED, summary, Map.of())) {
            LOG.warn("job {} failed: {}", command.jobId(), scrubber.scrub(summary));
        }
    }

    /** Sends an update; a second terminal update for the same job is dropped. @return whether it was sent */
    boolean report(JobState state, String summary, Map<String, String> details) {
        if (state.terminal() && !finished.compareAndSet(false, true)) {
            return false;
        }
        Map<String, String> clean = new LinkedHashMap<>();
        details.forEach((k, v) -> clean.put(k, scrubber.scrub(v)));
        JobUpdate update = new JobUpdate(command.jobId(), state, cut(scrubber.scrub(summary)), clean);
        if (state.terminal()) {
            terminal = update;
        }
        try {
            reporter.report(update);
        } catch (RuntimeException e) {
            LOG.warn("cannot report job {} as {}", command.jobId(), state, e);
        }
        return true;
    }

    /** @return the terminal update sent, or {@code null} while none was */
    JobUpdate terminalUpdate() {
        return terminal;
    }

    void interrupt() {
        Thread w = worker;
        if (w != null) {
            w.interrupt();
        }
    }

    void awaitWorker(Duration timeout) {
        Thread w = worker;
        try {
            if (w != null && !w.join(timeout)) {
                fail("the gateway stopped before the job finished");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String cut(String summary) {
        String s = summary == null ? "" : summary;
        return s.length() <= MAX_SUMMARY ? s : s.substring(0, MAX_SUMMARY - 3) + "...";
    }
}
