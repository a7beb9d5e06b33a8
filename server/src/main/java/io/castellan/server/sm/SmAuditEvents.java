package io.castellan.server.sm;

/**
 * The audit event types of the application commands (stable strings). Subjects are UIDs: the application first,
 * then the member, record or folder concerned. Details are roles, kinds, edit rights and client names; never keys.
 */
public final class SmAuditEvents {

    /** Subjects: application. */
    public static final String APP_CREATED = "app_created";
    /** Subjects: application; details {@code clients} (how many devices and gateways stopped working). */
    public static final String APP_REMOVED = "app_removed";
    /** Subjects: application, member; details {@code role}. */
    public static final String APP_SHARED = "app_shared";
    /** Subjects: application, record or folder; details {@code kind}, {@code editable}. */
    public static final String APP_GRANT_ADDED = "app_grant_added";
    /** Subjects: application, record or folder. */
    public static final String APP_GRANT_REMOVED = "app_grant_removed";
    /** Subjects: application; details {@code client} (the device reference), {@code name}, {@code kind}, {@code lockIp}. */
    public static final String DEVICE_ADDED = "device_added";
    /** Subjects: application; details {@code client}, {@code name}. */
    public static final String DEVICE_REMOVED = "device_removed";

    private SmAuditEvents() {
    }
}
