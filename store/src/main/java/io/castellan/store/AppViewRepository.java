package io.castellan.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What one application's devices can see, answered with set-based queries: the live records granted directly, the
 * live records of the shared folders granted (with the folder-wrapped record keys and device sub-folders), their
 * attachments, and the edit right the application has on one record.
 *
 * <p>A record of a granted shared folder is reached when it is filed in that folder and the folder holds its key
 * (as {@link VaultViewRepository} does for members). Deleted records are never reached.
 */
public final class AppViewRepository {

    private static final String RECORD_COLUMNS = "r.uid, r.owner_uid, r.folder_uid, r.revision, r.encrypted_data,"
            + " r.created_at, r.updated_at, r.deleted";

    private static final String DIRECT = "FROM app_grants g JOIN records r ON r.uid = g.subject_uid"
            + " AND r.deleted = FALSE WHERE g.app_uid = :app AND g.kind = 'record'";

    private static final String VIA_FOLDER = "FROM app_grants g"
            + " JOIN folders f ON f.uid = g.subject_uid AND f.kind = 'shared'"
            + " JOIN records r ON r.folder_uid = f.uid AND r.deleted = FALSE"
            + " JOIN record_keys k ON k.record_uid = r.uid AND k.holder_kind = 'folder' AND k.holder_uid = f.uid"
            + " WHERE g.app_uid = :app AND g.kind = 'folder'";

    private final Transactions tx;

    public AppViewRepository(Transactions tx) {
        this.tx = tx;
    }

    /** The live records granted directly, by record UID. */
    public List<AppRecordGrant> directRecords(String appUid) {
        return tx.read(h -> h.createQuery("SELECT " + RECORD_COLUMNS + ", g.app_uid, g.subject_uid, g.kind,"
                        + " g.encrypted_key, g.editable, g.folder_data, g.created_at AS grant_created " + DIRECT
                        + " ORDER BY r.uid")
                .bind("app", appUid)
                .map((rs, ctx) -> new AppRecordGrant(new AppGrant(rs.getString("app_uid"),
                        rs.getString("subject_uid"), AppGrantKind.RECORD, rs.getBytes("encrypted_key"),
                        rs.getBoolean("editable"), Optional.ofNullable(rs.getBytes("folder_data")),
                        Rows.instant(rs, "grant_created")), record(rs)))
                .list());
    }

    /** The shared folders granted (grants of kind {@code folder} whose folder still exists), by folder UID. */
    public List<AppGrant> folderGrants(String appUid) {
        return tx.read(h -> h.createQuery("SELECT g.app_uid, g.subject_uid, g.kind, g.encrypted_key, g.editable,"
                        + " g.folder_data, g.created_at FROM app_grants g JOIN folders f ON f.uid = g.subject_uid"
                        + " AND f.kind = 'shared' WHERE g.app_uid = :app AND g.kind = 'folder' ORDER BY g.subject_uid")
                .bind("app", appUid)
                .map(AppGrantRepository::map)
                .list());
    }

    /** The live records of every granted shared folder, by folder and record UID. */
    public List<AppFolderRecord> folderRecords(String appUid) {
        return tx.read(h -> h.createQuery("SELECT " + RECORD_COLUMNS + ", f.uid AS granted_folder,"
                        + " k.encrypted_record_key, s.subfolder_uid " + VIA_FOLDER.replace(" WHERE ",
                        " LEFT JOIN sm_record_subfolders s ON s.record_uid = r.uid WHERE ")
                        + " ORDER BY f.uid, r.uid")
                .bind("app", appUid)
                .map((rs, ctx) -> new AppFolderRecord(rs.getString("granted_folder"), record(rs),
                        rs.getBytes("encrypted_record_key"), Optional.ofNullable(rs.getString("subfolder_uid"))))
                .list());
    }

    /** Attachment metadata of every record the application reaches, by record and attachment UID. */
    public List<StoredAttachment> attachments(String appUid) {
        return tx.read(h -> h.createQuery("SELECT " + AttachmentRepository.META_COLUMNS + " FROM attachments"
                        + " WHERE record_uid IN (SELECT r.uid " + DIRECT + " UNION SELECT r.uid " + VIA_FOLDER + ")"
                        + " ORDER BY record_uid, uid")
                .bind("app", appUid)
                .map(AttachmentRepository::map)
                .list());
    }

    /**
     * The application's access to one live record: empty when it does not reach the record; otherwise whether any
     * grant through which it reaches it is editable.
     */
    public Optional<RecordReach> reach(String appUid, String recordUid) {
        return tx.read(h -> reach(h, appUid, recordUid));
    }

    private static Optional<RecordReach> reach(Handle h, String appUid, String recordUid) {
        List<RecordReach> paths = h.createQuery("SELECT " + RECORD_COLUMNS + ", g.editable, NULL AS granted_folder "
                        + DIRECT + " AND r.uid = :record UNION ALL SELECT " + RECORD_COLUMNS
                        + ", g.editable, f.uid AS granted_folder " + VIA_FOLDER + " AND r.uid = :record")
                .bind("app", appUid)
                .bind("record", recordUid)
                .map((rs, ctx) -> new RecordReach(record(rs), rs.getBoolean("editable"),
                        Optional.ofNullable(rs.getString("granted_folder"))))
                .list();
        if (paths.isEmpty()) {
            return Optional.empty();
        }
        boolean editable = paths.stream().anyMatch(RecordReach::editable);
        Optional<String> folder = paths.stream().map(RecordReach::grantedFolderUid).flatMap(Optional::stream)
                .findFirst();
        return Optional.of(new RecordReach(paths.get(0).record(), editable, folder));
    }

    /**
     * How an application reaches one live record.
     *
     * @param editable         whether some grant that reaches it is editable
     * @param grantedFolderUid the granted shared folder it is reached through, if any
     */
    public record RecordReach(StoredRecord record, boolean editable, Optional<String> grantedFolderUid) {
    }

    private static StoredRecord record(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StoredRecord(rs.getString("uid"), rs.getString("owner_uid"),
                Optional.ofNullable(rs.getString("folder_uid")), rs.getLong("revision"), rs.getBytes("encrypted_data"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"), rs.getBoolean("deleted"));
    }
}
