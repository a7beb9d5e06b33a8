package io.castellan.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The scheduler's state for one pamUser record ({@code rotation_schedules}).
 *
 * @param recordUid           the pamUser record
 * @param nextRunAt           when a node next looks at the row (a run, or a check of {@code jobId}); empty: nothing due
 * @param jobId               the job the scheduler (or a flagged record's on-demand rotation) awaits the outcome of
 * @param consecutiveFailures failed runs since the last success
 * @param flaggedAt           when the failures reached the limit; the scheduler then stops until the flag is cleared
 * @param lastRunAt           when the last scheduled job was submitted
 */
public record RotationSchedule(String recordUid, Optional<Instant> nextRunAt, Optional<String> jobId,
        int consecutiveFailures, Optional<Instant> flaggedAt, Optional<Instant> lastRunAt) {

    public RotationSchedule {
        Objects.requireNonNull(recordUid, "recordUid");
        Objects.requireNonNull(nextRunAt, "nextRunAt");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(flaggedAt, "flaggedAt");
        Objects.requireNonNull(lastRunAt, "lastRunAt");
    }

    /** A row with nothing pending. */
    public static RotationSchedule idle(String recordUid, Optional<Instant> nextRunAt) {
        return new RotationSchedule(recordUid, nextRunAt, Optional.empty(), 0, Optional.empty(), Optional.empty());
    }

    public boolean flagged() {
        return flaggedAt.isPresent();
    }

    public RotationSchedule withNext(Optional<Instant> next) {
        return new RotationSchedule(recordUid, next, jobId, consecutiveFailures, flaggedAt, lastRunAt);
    }

    public RotationSchedule withJob(Optional<String> job) {
        return new RotationSchedule(recordUid, nextRunAt, job, consecutiveFailures, flaggedAt, lastRunAt);
    }

    public RotationSchedule withFailures(int failures, Optional<Instant> flagged) {
        return new RotationSchedule(recordUid, nextRunAt, jobId, failures, flagged, lastRunAt);
    }

    public RotationSchedule withLastRun(Instant at) {
        return new RotationSchedule(recordUid, nextRunAt, jobId, consecutiveFailures, flaggedAt, Optional.of(at));
    }
}
