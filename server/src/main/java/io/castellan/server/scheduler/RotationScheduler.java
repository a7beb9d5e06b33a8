package io.castellan.server.scheduler;

import io.castellan.model.error.CastellanException;
import io.castellan.model.gateway.JobState;
import io.castellan.server.audit.Audit;
import io.castellan.store.JobRepository;
import io.castellan.store.PamConfiguration;
import io.castellan.store.PamConfigurationRepository;
import io.castellan.store.RotationSchedule;
import io.castellan.store.RotationScheduleRepository;
import io.castellan.store.RotationSettings;
import io.castellan.store.RotationSettingsRepository;
import io.castellan.store.Store;
import io.castellan.store.StoredJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent, cluster-safe rotation scheduler. Every node polls {@code rotation_schedules} for due rows; a row is
 * either a run (no job: claim it, submit the job, await its outcome) or a check (a job: look at its state). Each
 * change is a compare-and-set in the transaction that also stores the job or the audit event, so of several nodes
 * exactly one acts on a due row.
 *
 * <p>A job waits queued while its gateway is offline and the row keeps awaiting it: runs missed meanwhile are not
 * piled up, and the gateway gets one catch-up run when it returns. A failed run is retried after a doubling backoff;
 * after {@link SchedulerOptions#maxFailures} in a row the rotation is flagged ({@code rotation_flagged}) and left alone
 * until {@code rotation_set} re-enables it or an on-demand rotation of it succeeds.
 */
public final class RotationScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RotationScheduler.class);
    /** Due rows handled in one store transaction. */
    static final int CHUNK = 50;
    /** The longest wait between two looks at a job still queued or running. */
    static final Duration MAX_CHECK_DELAY = Duration.ofMinutes(1);

    private final Store store;
    private final Audit audit;
    private final Clock clock;
    private final RotationSubmitter submitter;
    private final SchedulerOptions options;
    private final RotationScheduleRepository schedules;
    private final RotationSettingsRepository settings;
    private final PamConfigurationRepository configs;
    private final JobRepository jobs;
    private ScheduledExecutorService loop;
    /** Whether the last pass found a full batch due: then the loop goes on at once instead of after a poll. */
    private volatile boolean lastPassFull;

    public RotationScheduler(Store store, Audit audit, Clock clock, RotationSubmitter submitter,
                             SchedulerOptions options) {
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.submitter = Objects.requireNonNull(submitter, "submitter");
        this.options = Objects.requireNonNull(options, "options");
        this.schedules = new RotationScheduleRepository(store.transactions(), clock);
        this.settings = new RotationSettingsRepository(store.transactions(), clock);
        this.configs = new PamConfigurationRepository(store.transactions(), clock);
        this.jobs = new JobRepository(store.transactions(), clock);
    }

    /** Starts polling on a virtual thread; {@link #close} stops it. */
    public synchronized RotationScheduler start() {
        if (loop == null) {
            loop = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofVirtual().name("castellan-rotation-scheduler").factory());
            loop.execute(this::reconcileQuietly);
            long millis = options.poll().toMillis();
            loop.scheduleWithFixedDelay(this::runDueQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (loop != null) {
            loop.shutdownNow();
            try {
                loop.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop = null;
        }
    }

    /**
     * One pass: handles the rows due now (at most {@link SchedulerOptions#batch}), {@link #CHUNK} rows per store
     * transaction (a transaction per row is what limited how many runs a second one node could start).
     *
     * @return how many rows this node changed
     */
    public int runDue() {
        Instant now = clock.instant();
        List<RotationSchedule> found = schedules.due(now, options.batch());
        lastPassFull = found.size() >= options.batch();
        // Runs before checks: a run's lateness is what users see; a check a moment later changes nothing.
        List<RotationSchedule> due = new ArrayList<>(found.size());
        found.stream().filter(r -> r.jobId().isEmpty()).forEach(due::add);
        found.stream().filter(r -> r.jobId().isPresent()).forEach(due::add);
        int changed = 0;
        for (int from = 0; from < due.size() && !Thread.currentThread().isInterrupted(); from += CHUNK) {
            changed += handle(due.subList(from, Math.min(due.size(), from + CHUNK)), now);
        }
        return changed;
    }

    /**
     * Handles due rows in one transaction, then sends the jobs it stored. If the transaction fails (one row's
     * unexpected error rolls back all), the rows are handled one by one, so one bad row does not hold up the others.
     */
    private int handle(List<RotationSchedule> rows, Instant now) {
        List<String> stored = new ArrayList<>();
        int changed;
        try {
            changed = store.write(h -> {
                stored.clear();
                int n = 0;
                for (RotationSchedule row : rows) {
                    n += (row.jobId().isPresent() ? check(row, now) : run(row, now, stored)) ? 1 : 0;
                }
                return n;
            });
        } catch (RuntimeException e) {
            if (rows.size() == 1) {
                throw e;
            }
            changed = 0;
            for (RotationSchedule row : rows) {
                try {
                    changed += handle(List.of(row), now);
                } catch (RuntimeException single) {
                    LOG.warn("rotation scheduler could not handle record {}; the next pass retries: {}",
                            row.recordUid(), single.toString());
                }
            }
            return changed;
        }
        stored.forEach(submitter::release);
        return changed;
    }

    /**
     * Gives every rotation setting without a scheduler row one, planned from its schedule as of now: settings stored
     * before the scheduler existed (V7) would otherwise never run. Idempotent and safe on several nodes at once (an
     * insert that finds a row leaves it alone). {@link #start} runs it first.
     *
     * @return how many rows this node added
     */
    public int reconcile() {
        Instant now = clock.instant();
        int added = 0;
        List<RotationSettings> missing = settings.withoutSchedule(options.batch());
        while (!missing.isEmpty() && !Thread.currentThread().isInterrupted()) {
            for (RotationSettings s : missing) {
                added += schedules.insertIfAbsent(s.recordUid(), safeNext(s, now)) ? 1 : 0;
            }
            missing = settings.withoutSchedule(options.batch());
        }
        if (added > 0) {
            LOG.info("planned {} rotation(s) that had no scheduler row", added);
        }
        return added;
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                LOG.warn("rotation schedule reconcile failed; it runs again at the next start: {}", e.toString());
            }
        }
    }

    private void runDueQuietly() {
        try {
            // A full batch that changed rows means more may be due now; one that changed none waits for the poll.
            while (runDue() > 0 && lastPassFull && !Thread.currentThread().isInterrupted()) {
                LOG.debug("a full batch of due rotations; the next pass starts at once");
            }
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                LOG.warn("rotation scheduler pass failed; the next pass retries: {}", e.toString());
            }
        }
    }

    /** A due run: claim it, submit the job (added to {@code stored}, sent after the commit), await it. */
    private boolean run(RotationSchedule row, Instant now, List<String> stored) {
        Optional<String> submitted = store.write(h -> {
            Optional<RotationSettings> s = settings.get(row.recordUid());
            Optional<Instant> planned = s.flatMap(x -> safeNext(x, now));
            if (s.isEmpty() || !s.get().enabled() || s.get().scheduleJson().isEmpty()) {
                schedules.transition(row, row.withNext(Optional.empty()));
                return Optional.<String>empty();
            }
            RotationSchedule claimed = row.withNext(Optional.of(now.plus(options.check()))).withLastRun(now);
            if (!schedules.transition(row, claimed)) {
                return Optional.<String>empty();
            }
            RotationSettings rotation = s.get();
            Optional<PamConfiguration> config = configs.get(rotation.configUid());
            String jobId;
            try {
                if (config.isEmpty() || !config.get().allows("rotation")) {
                    throw new IllegalStateException("the configuration does not allow rotation");
                }
                jobId = submitter.submit(config.get().gatewayUid(), rotation.recordUid(), rotation.resourceUid(),
                        rotation.configUid());
            } catch (CastellanException | IllegalStateException e) {
                failed(claimed, rotation, now, Optional.empty(), e.getMessage(), planned);
                return Optional.<String>empty();
            }
            schedules.transition(claimed, claimed.withJob(Optional.of(jobId)));
            audit.record(SchedulerAuditEvents.ROTATION_SCHEDULED, SchedulerAuditEvents.ACTOR, null,
                    subjects(rotation), Audit.SUCCESS, Map.of("jobId", jobId));
            LOG.info("scheduled rotation submitted: record {} resource {} configuration {} job {}",
                    rotation.recordUid(), rotation.resourceUid(), rotation.configUid(), jobId);
            return Optional.of(jobId);
        });
        submitted.ifPresent(stored::add);
        return submitted.isPresent();
    }

    /** A due check of an awaited job. */
    private boolean check(RotationSchedule row, Instant now) {
        String jobId = row.jobId().orElseThrow();
        Optional<JobState> state = jobs.get(jobId).map(StoredJob::state);
        if (state.isPresent() && !state.get().terminal()) {
            return schedules.transition(row, row.withNext(Optional.of(now.plus(checkDelay(row, now)))));
        }
        return store.write(h -> {
            Optional<RotationSettings> s = settings.get(row.recordUid());
            Optional<Instant> next = s.flatMap(x -> safeNext(x, now));
            if (state.equals(Optional.of(JobState.SUCCEEDED)) || s.isEmpty()) {
                if (row.flagged() && s.isPresent()) {
                    LOG.info("flag cleared by a successful rotation: record {} job {}", row.recordUid(), jobId);
                }
                return schedules.transition(row, row.withJob(Optional.empty()).withFailures(0, Optional.empty())
                        .withNext(next));
            }
            return failed(row, s.get(), now, Optional.of(jobId),
                    "job " + jobId + " ended " + state.map(Enum::name).orElse("MISSING"), next);
        });
    }

    /**
     * When to look again at a job that is still queued or running: {@link SchedulerOptions#check} at first, then a
     * quarter of the time it has been waiting, up to {@link #MAX_CHECK_DELAY}. A job a gateway runs promptly is seen
     * done at the first check; thousands queued for an offline gateway do not cost a write each every few seconds.
     */
    private Duration checkDelay(RotationSchedule row, Instant now) {
        Duration waited = row.lastRunAt().map(at -> Duration.between(at, now)).orElse(Duration.ZERO);
        Duration delay = waited.dividedBy(4);
        if (delay.compareTo(options.check()) < 0) {
            return options.check();
        }
        return delay.compareTo(MAX_CHECK_DELAY) > 0 ? MAX_CHECK_DELAY : delay;
    }

    /** A failed run: retry after a backoff, or flag the rotation after too many. */
    private boolean failed(RotationSchedule from, RotationSettings rotation, Instant now, Optional<String> jobId,
                           String reason, Optional<Instant> planned) {
        int failures = from.consecutiveFailures() + 1;
        RotationSchedule base = from.withJob(Optional.empty());
        if (from.flagged()) {
            return schedules.transition(from, base.withNext(Optional.empty()).withFailures(failures, from.flaggedAt()));
        }
        if (failures < options.maxFailures()) {
            Instant retry = now.plus(options.backoff(failures));
            Optional<Instant> next = planned.filter(p -> p.isBefore(retry)).or(() -> Optional.of(retry));
            LOG.warn("scheduled rotation failed ({} in a row), retrying at {}: record {} job {}: {}", failures,
                    next.get(), rotation.recordUid(), jobId.orElse("-"), reason);
            return schedules.transition(from, base.withNext(next).withFailures(failures, Optional.empty()));
        }
        if (!schedules.transition(from, base.withNext(Optional.empty()).withFailures(failures, Optional.of(now)))) {
            return false;
        }
        audit.record(SchedulerAuditEvents.ROTATION_FLAGGED, SchedulerAuditEvents.ACTOR, null, subjects(rotation),
                Audit.FAILURE, Map.of("failures", Integer.toString(failures), "lastJobId", jobId.orElse(""),
                        "reason", reason == null ? "" : reason));
        LOG.warn("ALERT rotation flagged after {} consecutive failures, no more scheduled runs until it is"
                        + " re-enabled: record {} resource {} configuration {} last job {}", failures,
                rotation.recordUid(), rotation.resourceUid(), rotation.configUid(), jobId.orElse("-"));
        return true;
    }

    /** The next run of stored settings; a schedule stored before today's rules that no longer parses has none. */
    private static Optional<Instant> safeNext(RotationSettings s, Instant now) {
        try {
            return NextRun.after(s.scheduleJson(), s.enabled(), now);
        } catch (CastellanException e) {
            LOG.warn("rotation schedule of record {} is not valid, not scheduling it: {}", s.recordUid(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static List<String> subjects(RotationSettings s) {
        return List.of(s.recordUid(), s.resourceUid(), s.configUid());
    }
}
