package io.castellan.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.castellan.model.gateway.JobState;
import io.castellan.model.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Gateway jobs ({@code gateway_jobs}). State changes are conditional updates: a terminal state is never left, so a
 * late update from a gateway cannot revive a job the server already timed out.
 */
public final class JobRepository {

    private static final String COLUMNS = "id, gateway_uid, command, record_uids, args, state, summary, details,"
            + " requested_by, on_demand, timeout_ms, created_at, updated_at, deadline";
    private static final String NOT_TERMINAL = "state IN ('queued', 'sent', 'running')";
    private static final JsonMapper JSON = Json.newMapper();
    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() { };

    private final Transactions tx;
    private final Clock clock;

    public JobRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** Stores a new job in state QUEUED. */
    public StoredJob insert(String id, String gatewayUid, String command, List<String> recordUids,
            Map<String, String> args, String requestedBy, boolean onDemand, Duration timeout) {
        long now = clock.millis();
        return tx.write(h -> {
            h.createUpdate("INSERT INTO gateway_jobs (" + COLUMNS + ") VALUES (:id, :g, :cmd, :uids, :args, 'queued',"
                            + " NULL, NULL, :by, :demand, :timeout, :now, :now, NULL)")
                    .bind("id", id).bind("g", gatewayUid).bind("cmd", command).bind("uids", write(recordUids))
                    .bind("args", write(args)).bind("by", requestedBy).bind("demand", onDemand)
                    .bind("timeout", timeout.toMillis()).bind("now", now)
                    .execute();
            return find(h, id).orElseThrow();
        });
    }

    public Optional<StoredJob> get(String id) {
        return tx.read(h -> find(h, id));
    }

    /** The gateway's QUEUED jobs, oldest first (sent when it connects). */
    public List<StoredJob> queued(String gatewayUid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM gateway_jobs WHERE gateway_uid = :g"
                        + " AND state = 'queued' ORDER BY created_at, id")
                .bind("g", gatewayUid)
                .map(JobRepository::map)
                .list());
    }

    /** The gateway's QUEUED jobs, oldest first, at most {@code limit}. */
    public List<StoredJob> queued(String gatewayUid, int limit) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM gateway_jobs WHERE gateway_uid = :g"
                        + " AND state = 'queued' ORDER BY created_at, id LIMIT :limit")
                .bind("g", gatewayUid).bind("limit", limit)
                .map(JobRepository::map)
                .list());
    }

    /** Gateways with QUEUED jobs whose socket {@code nodeId} holds (a node's catch-up sweep). */
    public List<String> queuedGatewaysOnNode(String nodeId) {
        return tx.read(h -> h.createQuery("SELECT DISTINCT j.gateway_uid FROM gateway_jobs j JOIN gateway_connections c"
                        + " ON c.gateway_uid = j.gateway_uid WHERE j.state = 'queued' AND c.node_id = :node")
                .bind("node", nodeId)
                .mapTo(String.class)
                .list());
    }

    /** The gateway's jobs, newest first, at most {@code limit}. */
    public List<StoredJob> recent(String gatewayUid, int limit) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM gateway_jobs WHERE gateway_uid = :g"
                        + " ORDER BY created_at DESC, id LIMIT :limit")
                .bind("g", gatewayUid).bind("limit", limit)
                .map(JobRepository::map)
                .list());
    }

    /** QUEUED → SENT with a deadline; false when the job is no longer queued (another node sent it). */
    public boolean markSent(String id, Instant deadline) {
        return tx.write(h -> h.createUpdate("UPDATE gateway_jobs SET state = 'sent', deadline = :deadline,"
                        + " updated_at = :now WHERE id = :id AND state = 'queued'")
                .bind("deadline", deadline.toEpochMilli()).bind("now", clock.millis()).bind("id", id)
                .execute() == 1);
    }

    /** How many of the gateway's jobs are with it now (SENT or RUNNING). */
    public int inFlight(String gatewayUid) {
        return tx.read(h -> h.createQuery("SELECT COUNT(*) FROM gateway_jobs WHERE gateway_uid = :g"
                        + " AND state IN ('sent', 'running')")
                .bind("g", gatewayUid)
                .mapTo(Integer.class)
                .one());
    }

    /** SENT → QUEUED (the send failed); false when the job is no longer SENT. */
    public boolean requeue(String id) {
        return tx.write(h -> h.createUpdate("UPDATE gateway_jobs SET state = 'queued', deadline = NULL,"
                        + " updated_at = :now WHERE id = :id AND state = 'sent'")
                .bind("now", clock.millis()).bind("id", id)
                .execute() == 1);
    }

    /**
     * SENT → QUEUED for the gateway's jobs sent at or before {@code sentBy} and never acknowledged: they went out on a
     * connection that has since been replaced, so they may never have arrived. (A gateway that did receive one
     * answers a second copy from memory instead of running it twice.)
     *
     * @return how many jobs went back to the queue
     */
    public int requeueUnacknowledged(String gatewayUid, Instant sentBy) {
        return tx.write(h -> h.createUpdate("UPDATE gateway_jobs SET state = 'queued', deadline = NULL,"
                        + " updated_at = :now WHERE gateway_uid = :g AND state = 'sent' AND updated_at <= :by")
                .bind("now", clock.millis()).bind("g", gatewayUid).bind("by", sentBy.toEpochMilli())
                .execute());
    }

    /**
     * Moves a job that is not terminal yet to {@code state}. Summary and details replace the stored ones when given.
     *
     * @return the job after the update, or empty when it was unknown or already terminal
     */
    public Optional<StoredJob> update(String id, JobState state, Optional<String> summary,
            Map<String, String> details) {
        return tx.write(h -> {
            int n = h.createUpdate("UPDATE gateway_jobs SET state = :state, summary = COALESCE(:summary, summary),"
                            + " details = COALESCE(:details, details), updated_at = :now WHERE id = :id AND "
                            + NOT_TERMINAL)
                    .bind("state", Rows.db(state)).bind("summary", summary.orElse(null))
                    .bind("details", details.isEmpty() ? null : write(details)).bind("now", clock.millis())
                    .bind("id", id)
                    .execute();
            return n == 1 ? find(h, id) : Optional.<StoredJob>empty();
        });
    }

    /**
     * Deletes up to {@code max} finished jobs last changed before {@code cutoff}, oldest first. The audit trail keeps
     * what happened; the job rows are only for waiting callers and {@code job_info}.
     *
     * @return how many were deleted
     */
    public int purgeFinishedBefore(Instant cutoff, int max) {
        return tx.write(h -> h.createUpdate("DELETE FROM gateway_jobs WHERE id IN (SELECT id FROM gateway_jobs"
                        + " WHERE state IN ('succeeded', 'failed', 'rejected', 'timed_out') AND updated_at < :cutoff"
                        + " ORDER BY updated_at LIMIT :max)")
                .bind("cutoff", cutoff.toEpochMilli()).bind("max", max)
                .execute());
    }

    /** Ids of the gateway's RUNNING jobs acknowledged before {@code cutoff}. */
    public List<String> runningSince(String gatewayUid, Instant cutoff) {
        return tx.read(h -> h.createQuery("SELECT id FROM gateway_jobs WHERE gateway_uid = :g AND state = 'running'"
                        + " AND updated_at < :cutoff ORDER BY updated_at")
                .bind("g", gatewayUid).bind("cutoff", cutoff.toEpochMilli())
                .mapTo(String.class)
                .list());
    }

    /** Ids of SENT or RUNNING jobs whose deadline passed by {@code now}. */
    public List<String> overdue(Instant now) {
        return tx.read(h -> h.createQuery("SELECT id FROM gateway_jobs WHERE state IN ('sent', 'running')"
                        + " AND deadline < :now ORDER BY deadline")
                .bind("now", now.toEpochMilli())
                .mapTo(String.class)
                .list());
    }

    private static Optional<StoredJob> find(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM gateway_jobs WHERE id = :id")
                .bind("id", id)
                .map(JobRepository::map)
                .findOne();
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store job values as JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException(StoreException.Reason.CORRUPT, "a stored job holds malformed JSON");
        }
    }

    private static StoredJob map(ResultSet rs, StatementContext ctx) throws SQLException {
        String details = rs.getString("details");
        return new StoredJob(rs.getString("id"), rs.getString("gateway_uid"), rs.getString("command"),
                read(rs.getString("record_uids"), LIST), read(rs.getString("args"), MAP),
                Rows.fromDb(JobState.class, rs.getString("state")), Optional.ofNullable(rs.getString("summary")),
                details == null ? Map.of() : read(details, MAP), rs.getString("requested_by"),
                rs.getBoolean("on_demand"), Duration.ofMillis(rs.getLong("timeout_ms")),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"), Rows.optionalInstant(rs, "deadline"));
    }
}
