package io.castellan.server.router;

import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.gateway.Command;
import io.castellan.model.gateway.JobState;
import io.castellan.model.gateway.JobUpdate;
import io.castellan.store.GatewayConnection;
import io.castellan.store.GatewayRepository;
import io.castellan.store.JobRepository;
import io.castellan.store.StoredGateway;
import io.castellan.store.StoredJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs on gateways: the Java API other server packages call ({@link #submit}, {@link #await}, {@link #job}).
 *
 * <p>A job is stored QUEUED, then sent by the node holding its gateway's socket (SENT, with a deadline); the gateway
 * reports RUNNING and a terminal state; a job past its deadline is TIMED_OUT by whichever node sweeps first. States
 * only move forward (conditional updates), so racing nodes and late gateway updates cannot revive a finished job.
 */
public final class JobService {

    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);
    static final int MAX_RECORD_UIDS = 16;
    static final int MAX_ARGS = 16;
    static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    /** A lost notification costs an awaiting caller at most this long: it re-reads the store this often. */
    private static final long POLL_MILLIS = 500;

    private final String nodeId;
    private final GatewayRepository gateways;
    private final JobRepository jobs;
    private final ConnectionRegistry registry;
    private final Presence presence;
    private final JobWaiters waiters = new JobWaiters();
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private volatile NodeBus bus;

    JobService(String nodeId, GatewayRepository gateways, JobRepository jobs, ConnectionRegistry registry,
            Presence presence, Clock clock) {
        this.nodeId = nodeId;
        this.gateways = gateways;
        this.jobs = jobs;
        this.registry = registry;
        this.presence = presence;
        this.clock = clock;
    }

    /** Adds a listener told of every state change this node stores (see {@link JobListener}). */
    public void addListener(JobListener listener) {
        listeners.add(listener);
    }

    void bus(NodeBus nodeBus) {
        this.bus = nodeBus;
    }

    /**
     * Stores a job and sends it if its gateway is connected (here, or on another node through the bus).
     *
     * @return the job as stored (QUEUED or already SENT)
     * @throws CastellanException {@code not_found} for an unknown gateway, {@code validation_failed} for bad
     *                            parameters, {@code gateway_offline} for an on-demand job whose gateway is offline
     */
    public StoredJob submit(JobRequest request) {
        StoredJob job = enqueue(request);
        release(job.id());
        return jobs.get(job.id()).orElseThrow();
    }

    /**
     * The first half of {@link #submit}: checks and stores the job QUEUED, without sending it. For callers that
     * store the job inside their own transaction: they {@link #release} it after the commit, so the gateway's answer
     * never races a row other nodes cannot see yet.
     *
     * @return the job as stored (QUEUED)
     * @throws CastellanException as {@link #submit}
     */
    public StoredJob enqueue(JobRequest request) {
        validate(request);
        StoredGateway gateway = gateways.get(request.gatewayUid())
                .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "no such gateway"));
        Optional<GatewayConnection> connection = presence.live(gateway.uid());
        if (request.onDemand() && connection.isEmpty()) {
            throw new CastellanException(ErrorCode.GATEWAY_OFFLINE, "gateway '" + gateway.name()
                    + "' is offline: it is not connected to any server node; start it and try again");
        }
        StoredJob job = jobs.insert(Uids.newUid(), gateway.uid(), request.command().wireName(),
                request.recordUids(), request.args(), request.requestedBy(), request.onDemand(), request.timeout());
        LOG.info("job {} ({}) for gateway {} queued by {}", job.id(), job.command(), gateway.uid(),
                request.requestedBy());
        return job;
    }

    /** Sends a job stored by {@link #enqueue} if its gateway is connected (here or on another node). */
    public void release(String jobId) {
        jobs.get(jobId).ifPresent(job -> presence.live(job.gatewayUid()).ifPresent(c -> route(c.nodeId(), jobId)));
    }

    /** @return the job, if it exists */
    public Optional<StoredJob> job(String jobId) {
        return jobs.get(jobId);
    }

    /**
     * Waits until the job reaches a terminal state or {@code max} passes.
     *
     * @return the job as it stands then (terminal, or not yet when {@code max} passed)
     * @throws CastellanException {@code not_found} when there is no such job
     */
    public StoredJob await(String jobId, Duration max) throws InterruptedException {
        CompletableFuture<StoredJob> woken = waiters.register(jobId);
        long deadline = System.nanoTime() + max.toNanos();
        try {
            while (true) {
                StoredJob now = jobs.get(jobId)
                        .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "no such job"));
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (now.state().terminal() || left <= 0) {
                    return now;
                }
                try {
                    return woken.get(Math.min(left, POLL_MILLIS), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // re-read the store: the notification may have been lost
                } catch (ExecutionException e) {
                    throw new IllegalStateException("job waiter failed", e.getCause());
                }
            }
        } finally {
            waiters.remove(jobId, woken);
        }
    }

    /** Queued jobs looked at per gateway and pass. */
    static final int DISPATCH_BATCH = 512;

    private void route(String holder, String jobId) {
        if (holder.equals(nodeId)) {
            dispatch(jobId);
        } else {
            LOG.debug("job {} forwarded to node {}", jobId, holder);
            bus.sendJob(holder, jobId);
        }
    }

    /**
     * Sends a QUEUED job if this node holds its gateway's socket and the gateway has room for it; otherwise it stays
     * queued. On-demand jobs are always sent (a person waits; a full gateway rejects at once, which they see).
     */
    void dispatch(String jobId) {
        StoredJob job = jobs.get(jobId).orElse(null);
        if (job == null || job.state() != JobState.QUEUED) {
            return;
        }
        GatewaySocket socket = registry.gateway(job.gatewayUid()).orElse(null);
        if (socket == null || socket.closed()) {
            return;
        }
        if (!job.onDemand() && socket.jobCapacity() > 0 && jobs.inFlight(job.gatewayUid()) >= socket.jobCapacity()) {
            return; // the gateway would reject it: it waits until one of the gateway's jobs finishes
        }
        send(job, socket);
    }

    private void send(StoredJob job, GatewaySocket socket) {
        String jobId = job.id();
        if (!jobs.markSent(jobId, clock.instant().plus(job.timeout()))) {
            return; // another node or sweep sent it
        }
        Command command = new Command(job.id(), job.command(), job.recordUids(), job.args(), job.timeout().toMillis());
        if (socket.send(command)) {
            LOG.info("job {} sent to gateway {} on node {}", job.id(), job.gatewayUid(), nodeId);
        } else if (jobs.requeue(jobId)) {
            LOG.warn("job {}: gateway {} went away while sending; queued again for its next connection", job.id(),
                    job.gatewayUid());
        }
    }

    /**
     * A gateway connected anew: its jobs sent before {@code connectedAt} and never acknowledged went out on a
     * connection that is gone (the server may not even have noticed yet), so they go back to the queue and are sent
     * on this one.
     */
    void requeueUnacknowledged(String gatewayUid, Instant connectedAt) {
        int n = jobs.requeueUnacknowledged(gatewayUid, connectedAt);
        if (n > 0) {
            LOG.info("gateway {}: {} job(s) sent on an earlier connection and never acknowledged are queued again",
                    gatewayUid, n);
        }
    }

    /**
     * Sends the gateway's queued jobs, oldest first: on-demand ones always, scheduled ones while the gateway has room
     * (its announced capacity less the jobs it holds). At most {@link #DISPATCH_BATCH} are looked at per call, so a
     * backlog of thousands costs one bounded query per sweep, not one per job.
     */
    private void dispatchQueuedOf(String gatewayUid) {
        GatewaySocket socket = registry.gateway(gatewayUid).orElse(null);
        if (socket == null || socket.closed()) {
            return;
        }
        int capacity = socket.jobCapacity();
        int room = capacity > 0 ? Math.max(0, capacity - jobs.inFlight(gatewayUid)) : Integer.MAX_VALUE;
        for (StoredJob queued : jobs.queued(gatewayUid, DISPATCH_BATCH)) {
            if (queued.onDemand()) {
                send(queued, socket);
            } else if (room > 0) {
                send(queued, socket);
                room--;
            }
        }
    }

    /** Sends the queued jobs of every gateway this node holds (after a connect, and on each sweep as a catch-up). */
    void dispatchQueuedHere() {
        jobs.queuedGatewaysOnNode(nodeId).forEach(this::dispatchQueuedOf);
    }

    /** A gateway reported progress on one of its jobs. */
    void onUpdate(GatewaySocket socket, JobUpdate update) {
        Optional<String> problem = JobUpdateRules.problem(update);
        if (problem.isPresent()) {
            LOG.warn("job update from gateway {} ignored: {}", socket.label(), problem.get());
            return;
        }
        StoredJob job = jobs.get(update.jobId()).orElse(null);
        if (job == null || !job.gatewayUid().equals(socket.gateway().uid())) {
            LOG.warn("gateway {} reported on a job that is not its own; ignored", socket.label());
            return;
        }
        Optional<StoredJob> after = jobs.update(job.id(), update.state(), JobUpdateRules.summary(update),
                JobUpdateRules.details(update));
        if (after.isEmpty()) {
            LOG.info("job {}: late {} update from gateway {} ignored (already {})", job.id(), update.state(),
                    socket.label(), jobs.get(job.id()).map(StoredJob::state).orElse(null));
            return;
        }
        LOG.info("job {} on gateway {}: {}", job.id(), job.gatewayUid(), update.state());
        tell(after.get());
        if (update.state().terminal()) {
            bus.jobFinished(job.id());
            if (socket.jobCapacity() > 0) {
                dispatchQueuedOf(job.gatewayUid()); // a slot freed up: send what was held back
            }
        }
    }

    /**
     * Deletes finished jobs older than {@code retention}, at most {@code max} per call.
     *
     * @return how many were deleted
     */
    int purgeFinished(Duration retention, int max) {
        int n = jobs.purgeFinishedBefore(clock.instant().minus(retention), max);
        if (n > 0) {
            LOG.info("purged {} finished job(s) older than {} days", n, retention.toDays());
        }
        return n;
    }

    /**
     * A gateway process started at {@code processStart} connected: the jobs of this gateway that were acknowledged
     * RUNNING well before that (a second of slack for clocks) belong to a process that is gone and will never report,
     * so they fail now instead of at their deadline (ten minutes for a rotation) — which also lets an interrupted
     * rotation be settled at once. A gateway whose clock is ahead of the server's is left to the deadlines.
     */
    void failOrphaned(String gatewayUid, Instant processStart) {
        Instant now = clock.instant();
        if (processStart.isAfter(now)) {
            return;
        }
        for (String id : jobs.runningSince(gatewayUid, processStart.minusSeconds(1))) {
            Optional<StoredJob> after = jobs.update(id, JobState.FAILED, Optional.of("the gateway restarted while"
                    + " the job ran (its new process started at " + processStart + "); the job did not finish"),
                    Map.of("orphaned", "true"));
            if (after.isPresent()) {
                LOG.warn("job {} on gateway {} failed: the gateway process that ran it is gone", id, gatewayUid);
                tell(after.get());
                bus.jobFinished(id);
            }
        }
    }

    /** Marks jobs past their deadline TIMED_OUT. */
    void expireOverdue() {
        for (String id : jobs.overdue(clock.instant())) {
            jobs.get(id).ifPresent(job -> {
                Optional<StoredJob> after = jobs.update(id, JobState.TIMED_OUT, Optional.of("the gateway did not"
                        + " report a result within " + job.timeout().toMillis() + " ms"), Map.of());
                if (after.isPresent()) {
                    LOG.warn("job {} on gateway {} timed out", id, job.gatewayUid());
                    tell(after.get());
                    bus.jobFinished(id);
                }
            });
        }
    }

    private void tell(StoredJob job) {
        for (JobListener listener : listeners) {
            try {
                listener.changed(job);
            } catch (RuntimeException e) {
                LOG.error("job {}: a listener failed on state {}: {}", job.id(), job.state(),
                        e.getClass().getSimpleName(), e);
            }
        }
    }

    /** The bus says a job finished somewhere: wake the callers waiting here. */
    void finished(String jobId) {
        if (waiters.anyFor(jobId)) {
            jobs.get(jobId).ifPresent(waiters::complete);
        }
    }

    private static void validate(JobRequest r) {
        if (r.gatewayUid() == null || !Uids.isValid(r.gatewayUid())) {
            throw invalid("gatewayUid", "must be a gateway UID");
        }
        if (r.command() == null) {
            throw invalid("command", "is required");
        }
        if (r.recordUids().size() > MAX_RECORD_UIDS || !r.recordUids().stream().allMatch(Uids::isValid)) {
            throw invalid("recordUids", "must be at most " + MAX_RECORD_UIDS + " record UIDs");
        }
        if (r.args().size() > MAX_ARGS || r.args().entrySet().stream().anyMatch(e -> e.getKey().isEmpty()
                || e.getKey().length() > 64 || e.getValue().length() > 1024)) {
            throw invalid("args", "at most " + MAX_ARGS + " arguments, keys up to 64 and values up to 1024"
                    + " characters");
        }
        if (r.timeout() == null || r.timeout().compareTo(MIN_TIMEOUT) < 0 || r.timeout().compareTo(MAX_TIMEOUT) > 0) {
            throw invalid("timeout", "must be between 100 ms and 1 hour");
        }
        if (r.requestedBy() == null || r.requestedBy().isEmpty() || r.requestedBy().length() > 64) {
            throw invalid("requestedBy", "must name the user or 'system'");
        }
    }

    private static CastellanException invalid(String field, String message) {
        return new CastellanException(ErrorCode.VALIDATION_FAILED, field + ": " + message,
                Map.of(CastellanException.DETAIL_FIELD, field), null);
    }
}
