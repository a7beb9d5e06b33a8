package io.castellan.server.device;

/**
 * The audit event types of the device API (stable strings). The actor is the device reference
 * ({@code device:<first 16 characters of the client id>}); subjects start with the application's UID. Details never
 * hold data or keys.
 */
public final class DeviceAuditEvents {

    /** A device bound its public key with its one-time token; details {@code ip}, {@code lockedIp}. */
    public static final String DEVICE_BOUND = "device_bound";
    /** A known device was refused (result {@code denied}); details {@code reason}, {@code endpoint}. */
    public static final String DEVICE_ACCESS_DENIED = "device_access_denied";
    /** One get_secret answer; subjects: application and every record served. */
    public static final String DEVICE_SECRETS_READ = "device_secrets_read";
    /** Subjects: application, record; details {@code transactionType} ({@code general} or {@code rotation}). */
    public static final String SECRET_UPDATED = "secret_updated";
    /** A rotation's new data is pending (not current yet). Subjects: application, record. */
    public static final String SECRET_UPDATE_PENDING = "secret_update_pending";
    /** A pending rotation was discarded. Subjects: application, record. */
    public static final String SECRET_UPDATE_ROLLED_BACK = "secret_update_rolled_back";
    /** Subjects: application, record, shared folder. */
    public static final String SECRET_CREATED = "secret_created";
    /** Subjects: application, record. */
    public static final String SECRET_DELETED = "secret_deleted";
    /** Subjects: application, sub-folder, shared folder. */
    public static final String SECRET_FOLDER_CREATED = "secret_folder_created";
    /** Subjects: application, sub-folder. */
    public static final String SECRET_FOLDER_UPDATED = "secret_folder_updated";
    /** Subjects: application, sub-folder; details {@code records} (how many records went with it). */
    public static final String SECRET_FOLDER_DELETED = "secret_folder_deleted";
    /** Subjects: application, file, owner record; details {@code size}. */
    public static final String SECRET_FILE_UPLOADED = "secret_file_uploaded";
    /** Subjects: application, file, owner record. */
    public static final String SECRET_FILE_DOWNLOADED = "secret_file_downloaded";

    private DeviceAuditEvents() {
    }
}
