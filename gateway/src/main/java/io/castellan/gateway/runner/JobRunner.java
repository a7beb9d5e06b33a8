package io.castellan.gateway.runner;

import io.castellan.gateway.jobs.CommandSink;
import io.castellan.gateway.jobs.JobReporter;
import io.castellan.gateway.logging.SecretScrubber;
import io.castellan.model.gateway.Command;
import io.castellan.model.gateway.CommandType;
import io.castellan.model.gateway.JobState;
import io.castellan.model.gateway.JobUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the server's commands with bounded concurrency: at most {@link RunnerSettings#maxConcurrent()} jobs at once,
 * at most {@link RunnerSettings#queueCapacity()} more waiting; beyond that, and for unknown commands, the job is
 * {@code REJECTED} at once. An accepted job is acknowledged {@code RUNNING} from the receive path, then runs on a
 * virtual thread of its own and ends {@code SUCCEEDED} or {@code FAILED} — exactly one terminal update per job,
 * whatever happens (handler failure, timeout, gateway stop). The job's timeout ({@link Command#timeoutMillis()})
 * counts from acceptance, as the server's does; when it passes, the handler's thread is interrupted and the job
 * reported failed without waiting for the handler. Summaries and details pass through the {@link SecretScrubber}.
 * A command whose job id is already running here (the server resent it after a reconnect) is acknowledged
 * {@code RUNNING} again and not run twice; one that finished here recently (its result may have been lost with the
 * old connection) gets its terminal update again instead of a second run.
 */
public final class JobRunner implements CommandSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    /** Job ids are logged and echoed: 1 to 128 printable ASCII characters, no spaces. */
    private static final Pattern JOB_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final RunnerSettings settings;
    private final Map<CommandType, JobHandler> handlers;
    private final GatewaySecrets secrets;
    private final SecretScrubber scrubber;
    private final Semaphore admission;
    private final Semaphore slots;
    private final AtomicInteger running = new AtomicInteger();
    private final Map<String, RunningJob> jobs = new ConcurrentHashMap<>();
    private final FinishedJobs finished = new FinishedJobs(FinishedJobs.DEFAULT_CAPACITY);
    private volatile boolean stopping;

    /**
     * @param settings limits
     * @param handlers one per command type this gateway runs (a later one of the same type replaces an earlier one)
     * @param secrets the vault access handed to handlers
     * @param scrubber cleans summaries and details
     */
    public JobRunner(RunnerSettings settings, List<JobHandler> handlers, GatewaySecrets secrets,
            SecretScrubber scrubber) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handlers = new EnumMap<>(CommandType.class);
        handlers.forEach(h -> this.handlers.put(h.type(), h));
        this.secrets = secrets;
        this.scrubber = Objects.requireNonNull(scrubber, "scrubber");
        this.admission = new Semaphore(settings.maxConcurrent() + settings.queueCapacity());
        this.slots = new Semaphore(settings.maxConcurrent());
    }

    /** @return the wire names of the command types this runner has handlers for (the gateway's capabilities) */
    public List<String> capabilities() {
        return handlers.keySet().stream().map(CommandType::wireName).toList();
    }

    @Override
    public int runningJobs() {
        return running.get();
    }

    @Override
    public void accept(Command command, JobReporter reporter) {
        String jobId = command.jobId();
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            LOG.warn("rejected a command without a usable job id");
            reporter.report(new JobUpdate(jobId == null ? "" : Printable.of(jobId),
                    JobState.REJECTED, "the command has no usable job id", Map.of()));
            return;
        }
        String refusal = refusal(command);
        if (refusal != null) {
            reject(jobId, refusal, reporter);
            return;
        }
        JobUpdate done = finished.get(jobId);
        if (done != null) {
            LOG.info("job {} received again after it finished; its result is sent again", Printable.of(jobId));
            reporter.report(done);
            return;
        }
        JobHandler handler = handlers.get(CommandType.fromWire(command.command()));
        Instant deadline = Instant.now().plusMillis(command.timeoutMillis());
        RunningJob job = new RunningJob(command, handler, deadline, reporter, scrubber);
        RunningJob existing = jobs.putIfAbsent(jobId, job);
        if (existing != null) {
            // the server sent it again (a reconnect): acknowledge again rather than reject a job that runs
            JobUpdate terminal = existing.terminalUpdate();
            LOG.info("job {} received again while it runs; acknowledged again", Printable.of(jobId));
            reporter.report(terminal != null ? terminal
                    : new JobUpdate(jobId, JobState.RUNNING, "already running on this gateway", Map.of()));
            return;
        }
        if (!admission.tryAcquire()) {
            jobs.remove(jobId, job);
            reject(jobId, "the gateway is busy: " + running.get() + " jobs running and the queue of "
                    + settings.queueCapacity() + " is full", reporter);
            return;
        }
        job.report(JobState.RUNNING, "accepted by the gateway", Map.of());
        LOG.info("job {} accepted: {} on {} record(s) {}", jobId, command.command(), sizeOf(command.recordUids()),
                command.recordUids() == null ? "" : command.recordUids().stream().map(Printable::of).toList());
        job.worker = Thread.ofVirtual().name("gateway-job-" + Printable.of(jobId)).start(() -> execute(job));
    }

    private String refusal(Command command) {
        if (stopping) {
            return "the gateway is stopping";
        }
        CommandType type;
        try {
            type = CommandType.fromWire(command.command());
        } catch (IllegalArgumentException e) {
            return "unknown command '" + Printable.of(command.command()) + "'";
        }
        if (!handlers.containsKey(type)) {
            return "this gateway does not run '" + type.wireName() + "' commands";
        }
        if (command.timeoutMillis() <= 0 || command.timeoutMillis() > settings.maxTimeout().toMillis()) {
            return "the job timeout must be between 1 ms and " + settings.maxTimeout().toMillis() + " ms";
        }
        return null;
    }

    private void execute(RunningJob job) {
        String jobId = job.command.jobId();
        try {
            long waitMillis = Duration.between(Instant.now(), job.deadline).toMillis();
            if (!slots.tryAcquire(Math.max(0, waitMillis), TimeUnit.MILLISECONDS)) {
                job.fail("timed out after " + job.command.timeoutMillis() + " ms waiting for a free job slot");
                return;
            }
            running.incrementAndGet();
            try {
                job.run(new JobContext(job.command, secrets, scrubber, job.deadline));
            } finally {
                running.decrementAndGet();
                slots.release();
            }
        } catch (InterruptedException e) {
            job.fail("the gateway stopped before the job finished");
            Thread.currentThread().interrupt();
        } finally {
            JobUpdate terminal = job.terminalUpdate();
            if (terminal != null) {
                finished.put(jobId, terminal);
            }
            admission.release();
            jobs.remove(jobId, job);
        }
    }

    private void reject(String jobId, String why, JobReporter reporter) {
        LOG.warn("job {} rejected: {}", Printable.of(jobId), why);
        reporter.report(new JobUpdate(jobId, JobState.REJECTED, scrubber.scrub(why),
                Map.of()));
    }

    /**
     * Stops accepting jobs, gives running and queued ones up to {@code grace} to finish, then interrupts the rest,
     * which are reported failed.
     *
     * @param grace how long running jobs may take to finish
     */
    public void stop(Duration grace) {
        stopping = true;
        long end = System.nanoTime() + grace.toNanos();
        while (!jobs.isEmpty() && System.nanoTime() < end) {
            sleepQuietly(20);
        }
        List<RunningJob> left = new ArrayList<>(jobs.values());
        if (!left.isEmpty()) {
            LOG.warn("stopping with {} job(s) unfinished after the {} s grace period", left.size(),
                    grace.toSeconds());
        }
        for (RunningJob job : left) {
            job.interrupt();
        }
        for (RunningJob job : left) {
            job.awaitWorker(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    private static int sizeOf(List<String> list) {
        return list == null ? 0 : list.size();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
