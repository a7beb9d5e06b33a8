package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The rotation scheduler's rows ({@code rotation_schedules}). Every change of a row a node found due goes through
 * {@link #transition}, a compare-and-set on ({@code next_run_at}, {@code job_id}): of several nodes that read the
 * same due row, exactly one changes it (PostgreSQL's row lock makes the others re-check and miss; SQLite serializes
 * writers), so a run is claimed once.
 */
public final class RotationScheduleRepository {

    private static final String COLUMNS = "record_uid, next_run_at, job_id, consecutive_failures, flagged_at,"
            + " last_run_at";

    private final Transactions tx;
    private final Clock clock;

    public RotationScheduleRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Sets the next run of a record's rotation after its settings changed. A job the scheduler awaits stays awaited
     * (its check computes the next run from the new schedule); {@code clearFlag} ends a flag and its failure count.
     *
     * @return the row as stored
     */
    public RotationSchedule plan(String recordUid, Optional<Instant> nextRunAt, boolean clearFlag) {
        return tx.write(h -> {
            Optional<RotationSchedule> old = find(h, recordUid);
            RotationSchedule row = old.orElse(RotationSchedule.idle(recordUid, Optional.empty()));
            if (clearFlag) {
                row = row.withFailures(0, Optional.empty());
            }
            if (row.jobId().isEmpty()) {
                row = row.withNext(row.flagged() ? Optional.empty() : nextRunAt);
            }
            h.createUpdate("INSERT INTO rotation_schedules (" + COLUMNS + ", updated_at) VALUES (:uid, :next, :job,"
                            + " :failures, :flagged, :last, :now) ON CONFLICT (record_uid) DO UPDATE SET"
                            + " next_run_at = excluded.next_run_at, job_id = excluded.job_id,"
                            + " consecutive_failures = excluded.consecutive_failures,"
                            + " flagged_at = excluded.flagged_at, updated_at = excluded.updated_at")
                    .bind("uid", recordUid)
                    .bind("next", Rows.millis(row.nextRunAt()))
                    .bind("job", row.jobId().orElse(null))
                    .bind("failures", row.consecutiveFailures())
                    .bind("flagged", Rows.millis(row.flaggedAt()))
                    .bind("last", Rows.millis(row.lastRunAt()))
                    .bind("now", Rows.now(clock).toEpochMilli())
                    .execute();
            return find(h, recordUid).orElseThrow();
        });
    }

    /**
     * Adds the row of a record the scheduler has none for, due at {@code nextRunAt}; a row that exists (another node
     * added it first, or the settings were planned meanwhile) is left as it is.
     *
     * @return whether this caller added it
     */
    public boolean insertIfAbsent(String recordUid, Optional<Instant> nextRunAt) {
        return tx.write(h -> h.createUpdate("INSERT INTO rotation_schedules (" + COLUMNS + ", updated_at) VALUES"
                        + " (:uid, :next, NULL, 0, NULL, NULL, :now) ON CONFLICT (record_uid) DO NOTHING")
                .bind("uid", recordUid)
                .bind("next", Rows.millis(nextRunAt))
                .bind("now", Rows.now(clock).toEpochMilli())
                .execute() == 1);
    }

    /**
     * Replaces {@code from} by {@code to} if the row still has {@code from}'s next run and job.
     *
     * @return whether this caller made the change (false: another node did first, or the row is gone)
     */
    public boolean transition(RotationSchedule from, RotationSchedule to) {
        if (!from.recordUid().equals(to.recordUid())) {
            throw new IllegalArgumentException("a transition keeps the record");
        }
        return tx.write(h -> h.createUpdate("UPDATE rotation_schedules SET next_run_at = :next, job_id = :job,"
                        + " consecutive_failures = :failures, flagged_at = :flagged, last_run_at = :last,"
                        + " updated_at = :now WHERE record_uid = :uid AND next_run_at IS NOT DISTINCT FROM :oldNext"
                        + " AND job_id IS NOT DISTINCT FROM :oldJob")
                .bind("next", Rows.millis(to.nextRunAt()))
                .bind("job", to.jobId().orElse(null))
                .bind("failures", to.consecutiveFailures())
                .bind("flagged", Rows.millis(to.flaggedAt()))
                .bind("last", Rows.millis(to.lastRunAt()))
                .bind("now", Rows.now(clock).toEpochMilli())
                .bind("uid", from.recordUid())
                .bind("oldNext", Rows.millis(from.nextRunAt()))
                .bind("oldJob", from.jobId().orElse(null))
                .execute() == 1);
    }

    /** Rows due at {@code now}, earliest first, at most {@code limit}. */
    public List<RotationSchedule> due(Instant now, int limit) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM rotation_schedules WHERE next_run_at <= :now"
                        + " ORDER BY next_run_at LIMIT :limit")
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map(RotationScheduleRepository::map)
                .list());
    }

    public Optional<RotationSchedule> get(String recordUid) {
        return tx.read(h -> find(h, recordUid));
    }

    /** The rows of the records among {@code recordUids}. */
    public List<RotationSchedule> list(Collection<String> recordUids) {
        if (recordUids.isEmpty()) {
            return List.of();
        }
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM rotation_schedules"
                        + " WHERE record_uid IN (<uids>) ORDER BY record_uid")
                .bindList("uids", List.copyOf(recordUids))
                .map(RotationScheduleRepository::map)
                .list());
    }

    private static Optional<RotationSchedule> find(Handle h, String recordUid) {
        return h.createQuery("SELECT " + COLUMNS + " FROM rotation_schedules WHERE record_uid = :uid")
                .bind("uid", recordUid)
                .map(RotationScheduleRepository::map)
                .findOne();
    }

    private static RotationSchedule map(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws SQLException {
        return new RotationSchedule(rs.getString("record_uid"), Rows.optionalInstant(rs, "next_run_at"),
                Optional.ofNullable(rs.getString("job_id")), rs.getInt("consecutive_failures"),
                Rows.optionalInstant(rs, "flagged_at"), Rows.optionalInstant(rs, "last_run_at"));
    }
}
