package io.castellan.server.pam;

/**
 * The audit event types of the PAM configuration and rotation commands (stable strings). Subjects are UIDs; details
 * are plaintext settings the server holds anyway (environment, features, rotation type), never the encrypted blob.
 */
public final class PamAuditEvents {

    /** Subjects: configuration record; details {@code environment}, {@code features}, {@code gateway}. */
    public static final String PAM_CONFIG_ADDED = "pam_config_added";
    /** Subjects: configuration record; details as {@link #PAM_CONFIG_ADDED}. */
    public static final String PAM_CONFIG_CHANGED = "pam_config_changed";
    /** Subjects: pamUser, resource, configuration; details {@code rotationType}, {@code noop}, {@code enabled}. */
    public static final String ROTATION_SETTINGS_CHANGED = "rotation_settings_changed";
    /** Subjects: pamUser, resource, configuration; details {@code jobId}. */
    public static final String ROTATION_REQUESTED = "rotation_requested";

    /** The gateway reported a rotate job RUNNING. Actor {@code gateway:<uid>}; subjects: the job's records. */
    public static final String ROTATION_STARTED = "rotation_started";
    /** The gateway reported a rotate job SUCCEEDED. Subjects: the job's records; details {@code jobId}. */
    public static final String ROTATION_SUCCEEDED = "rotation_succeeded";
    /** A rotate job FAILED, was REJECTED or TIMED_OUT (result {@code failure}); details {@code jobId}, {@code state}. */
    public static final String ROTATION_FAILED = "rotation_failed";

    private PamAuditEvents() {
    }
}
