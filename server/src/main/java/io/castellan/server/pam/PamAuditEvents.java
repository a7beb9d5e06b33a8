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

    private PamAuditEvents() {
    }
}
