package io.castellan.server.vault;

/**
 * The audit event types of the vault (stable strings: auditors and SIEM rules match on them). Subjects are UIDs:
 * the record (and folder, attachment or other user) concerned. Details are permissions, folder UIDs and expiry
 * times; never data, names or keys.
 */
public final class VaultAuditEvents {

    /** Subjects: record, folder (when filed in one); details {@code subFolder} when placed in a folder inside it. */
    public static final String RECORD_CREATED = "record_created";
    /** Subjects: record. */
    public static final String RECORD_UPDATED = "record_updated";
    /** Subjects: record. */
    public static final String RECORD_DELETED = "record_deleted";
    /**
     * Subjects: record, target folder (absent: the owner's root); details {@code from}, {@code to} (a folder inside a
     * shared folder when the record was or is placed in one, else the folder or {@code root}).
     */
    public static final String RECORD_MOVED = "record_moved";
    /** Subjects: record, recipient; details {@code canEdit}, {@code canShare}, {@code expiresAt}. */
    public static final String RECORD_SHARED = "record_shared";
    /** Subjects: record, former recipient. */
    public static final String RECORD_UNSHARED = "record_unshared";
    /** Actor {@code system}; subjects: record, former recipient. */
    public static final String RECORD_SHARE_EXPIRED = "record_share_expired";
    /** Subjects: folder; details {@code kind}. */
    public static final String FOLDER_CREATED = "folder_created";
    /** Subjects: folder. */
    public static final String FOLDER_DELETED = "folder_deleted";
    /** A folder inside a shared folder. Subjects: folder, shared folder; details {@code parent}. */
    public static final String SUBFOLDER_CREATED = "subfolder_created";
    /** Subjects: folder inside a shared folder, shared folder. */
    public static final String SUBFOLDER_RENAMED = "subfolder_renamed";
    /** Subjects: folder inside a shared folder, shared folder; details {@code records} (how many were deleted). */
    public static final String SUBFOLDER_DELETED = "subfolder_deleted";
    /** Subjects: folder, member; details: the member's four permissions. */
    public static final String FOLDER_MEMBER_ADDED = "folder_member_added";
    /** Subjects: folder, former member. */
    public static final String FOLDER_MEMBER_REMOVED = "folder_member_removed";
    /** Subjects: attachment, record; details {@code size}. */
    public static final String ATTACHMENT_UPLOADED = "attachment_uploaded";
    /** Subjects: attachment, record. */
    public static final String ATTACHMENT_DOWNLOADED = "attachment_downloaded";

    /** Actor of events the server causes by itself. */
    public static final String SYSTEM_ACTOR = "system";

    private VaultAuditEvents() {
    }
}
