package io.castellan.server.device;

import io.castellan.store.AppFolderRecord;
import io.castellan.store.AppGrant;
import io.castellan.store.AppRecordGrant;
import io.castellan.store.StoredApplication;
import io.castellan.store.StoredAttachment;
import java.util.List;
import java.util.Map;

/**
 * What one application's devices are served by {@code get_secret}, as read from the store in one snapshot: the
 * application, the records granted directly, the shared folders granted and their records, and the attachments.
 * Ciphertext and wrapped keys only; never modified once read, so one instance may serve many requests
 * ({@link AppSnapshotCache}).
 *
 * @param bytes    an estimate of the memory it holds, for the cache's budget
 * @param prepared the common answer's members written once, or null (attachments present)
 */
record AppSnapshot(StoredApplication app, List<AppRecordGrant> direct, List<AppGrant> folders,
        List<AppFolderRecord> folderRecords, Map<String, List<StoredAttachment>> files, long bytes,
        PreparedAnswer prepared) {

    /** Bookkeeping per row (objects, strings, list slots) on top of its byte arrays; an estimate. */
    private static final int ROW_OVERHEAD = 512;

    static AppSnapshot of(StoredApplication app, List<AppRecordGrant> direct, List<AppGrant> folders,
            List<AppFolderRecord> folderRecords, Map<String, List<StoredAttachment>> files) {
        long bytes = ROW_OVERHEAD + app.encryptedAppData().length;
        for (AppRecordGrant g : direct) {
            bytes += ROW_OVERHEAD + g.record().encryptedData().length + g.grant().encryptedKey().length;
        }
        for (AppGrant g : folders) {
            bytes += ROW_OVERHEAD + g.encryptedKey().length;
        }
        for (AppFolderRecord r : folderRecords) {
            bytes += ROW_OVERHEAD + r.record().encryptedData().length + r.folderWrappedKey().length;
        }
        for (List<StoredAttachment> list : files.values()) {
            for (StoredAttachment a : list) {
                bytes += ROW_OVERHEAD + a.encryptedFileKey().length + a.encryptedMeta().length;
            }
        }
        return new AppSnapshot(app, List.copyOf(direct), List.copyOf(folders), List.copyOf(folderRecords),
                Map.copyOf(files), bytes, null);
    }

    /** This snapshot with its prepared answer (whose bytes count towards the estimate). */
    AppSnapshot withPrepared(PreparedAnswer answer) {
        long more = answer.foldersJson().length + answer.recordsJson().length + 64L * answer.served().size();
        return new AppSnapshot(app, direct, folders, folderRecords, files, bytes + more, answer);
    }
}
