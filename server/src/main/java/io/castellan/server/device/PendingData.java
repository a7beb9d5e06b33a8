package io.castellan.server.device;

import io.castellan.crypto.Base64s;
import io.castellan.model.ksm.ResponseFolder;
import io.castellan.model.ksm.ResponseRecord;
import io.castellan.store.PendingUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Castellan's {@code includePending} extension of {@code get_secret}: adds to each record the data of a rotation
 * the <em>same application</em> left pending, so a gateway that died mid-rotation can ask the target which password
 * it holds and settle the rotation (roll forward or back). Another application's pending data is never shown. The
 * data is ciphertext under the record key, like the record's own data.
 */
final class PendingData {

    private final DeviceContext ctx;

    PendingData(DeviceContext ctx) {
        this.ctx = ctx;
    }

    List<ResponseRecord> records(List<ResponseRecord> records, String appUid) {
        if (records == null) {
            return null;
        }
        List<ResponseRecord> out = new ArrayList<>(records.size());
        for (ResponseRecord r : records) {
            Optional<PendingUpdate> pending = ctx.pending.get(r.recordUid()).filter(p -> p.appUid().equals(appUid));
            out.add(pending.isEmpty() ? r : new ResponseRecord(r.recordUid(), r.recordKey(), r.data(), r.revision(),
                    r.isEditable(), r.files(), r.innerFolderUid(), r.folderUid(), r.links(),
                    Base64s.encode(pending.get().encryptedData())));
        }
        return out;
    }

    List<ResponseFolder> folders(List<ResponseFolder> folders, String appUid) {
        if (folders == null) {
            return null;
        }
        List<ResponseFolder> out = new ArrayList<>(folders.size());
        for (ResponseFolder f : folders) {
            out.add(new ResponseFolder(f.folderUid(), f.folderKey(), f.data(), f.parent(), f.isEditable(),
                    records(f.records(), appUid)));
        }
        return out;
    }
}
