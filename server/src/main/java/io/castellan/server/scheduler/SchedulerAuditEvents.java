package io.castellan.server.scheduler;

/**
 * The audit event types of the rotation scheduler (stable strings), recorded by actor {@link #ACTOR}. Subjects are
 * the pamUser, the resource and the configuration; details hold job ids and counts, never a secret.
 */
public final class SchedulerAuditEvents {

    /** The actor of the scheduler's events. */
    public static final String ACTOR = "scheduler";
    /** A due scheduled rotation was handed to the Router; details {@code jobId}. */
    public static final String ROTATION_SCHEDULED = "rotation_scheduled";
    /**
     * A rotation failed too many times in a row and stopped; details {@code failures}, {@code lastJobId} (may be
     * empty) and {@code reason}. Its result is {@code failure}: an alert for whoever watches the audit stream.
     */
    public static final String ROTATION_FLAGGED = "rotation_flagged";
    /**
     * A time-limited share that asked for {@code rotateOnExpiration} ended, and a rotation of its pamUser was submitted
     * in the transaction that deleted the share; subjects the pamUser, the former recipient, the resource and the
     * configuration; details {@code jobId}. Result {@code failure} (details {@code reason}) when no rotation could be
     * submitted (no rotation settings, disabled, the configuration no longer allows rotation, no gateway).
     */
    public static final String ROTATION_AFTER_SHARE_EXPIRY = "rotation_after_share_expiry";

    private SchedulerAuditEvents() {
    }
}
