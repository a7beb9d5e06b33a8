package io.castellan.server.device;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.ksm.CreateFolderRequest;
import io.castellan.model.ksm.DeleteFolderRequest;
import io.castellan.model.ksm.DeleteFolderResponse;
import io.castellan.model.ksm.DeleteStatus;
import io.castellan.model.ksm.FolderDeleteStatus;
import io.castellan.model.ksm.UpdateFolderRequest;
import io.castellan.store.SubFolder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code create_folder}, {@code update_folder} and {@code delete_folder}: the sub-folders devices keep inside shared
 * folders the application may edit (Keeper's sub-folders: key AES-CBC under the shared folder's key, name AES-CBC
 * under the sub-folder's key). Shared folders themselves are created, renamed and deleted in the vault.
 */
final class FolderEndpoints {

    private final DeviceContext ctx;
    private final RecordEndpoints records;

    FolderEndpoints(DeviceContext ctx, RecordEndpoints records) {
        this.ctx = ctx;
        this.records = records;
    }

    Object create(DeviceCall call) {
        CreateFolderRequest request = (CreateFolderRequest) call.request();
        String uid = WireValues.uid(request.folderUid(), "folderUid");
        String sharedFolderUid = WireValues.uid(request.sharedFolderUid(), "sharedFolderUid");
        byte[] key = WireValues.bytes(request.sharedFolderKey(), "sharedFolderKey", DeviceContext.MIN_CBC_BYTES,
                DeviceContext.SEALED_KEY_MAX_BYTES);
        byte[] data = WireValues.bytes(request.data(), "data", DeviceContext.MIN_CBC_BYTES,
                DeviceContext.MAX_FOLDER_DATA_BYTES);
        Optional<String> parent = WireValues.optionalUid(request.parentUid(), "parentUid")
                .filter(p -> !p.equals(sharedFolderUid));
        return ctx.store.write(h -> {
            ctx.folderGrant(call, sharedFolderUid, true);
            if (parent.isPresent() && ctx.subFolders.get(parent.get())
                    .filter(p -> p.sharedFolderUid().equals(sharedFolderUid)).isEmpty()) {
                throw new CastellanException(ErrorCode.NOT_FOUND, "no such parent folder in that shared folder");
            }
            ctx.subFolders.insert(uid, sharedFolderUid, parent, key, data);
            ctx.audited(DeviceAuditEvents.SECRET_FOLDER_CREATED, call, List.of(call.appUid(), uid, sharedFolderUid),
                    Map.of());
            return null;
        });
    }

    Object update(DeviceCall call) {
        UpdateFolderRequest request = (UpdateFolderRequest) call.request();
        String uid = WireValues.uid(request.folderUid(), "folderUid");
        byte[] data = WireValues.bytes(request.data(), "data", DeviceContext.MIN_CBC_BYTES,
                DeviceContext.MAX_FOLDER_DATA_BYTES);
        return ctx.store.write(h -> {
            editableSubFolder(call, uid);
            ctx.subFolders.rename(uid, data);
            ctx.audited(DeviceAuditEvents.SECRET_FOLDER_UPDATED, call, List.of(call.appUid(), uid), Map.of());
            return null;
        });
    }

    /**
     * Deletes each named sub-folder of an editable shared folder; a non-empty one only with {@code forceDeletion},
     * which deletes its sub-folders and records too. One status per folder; a refusal does not stop the others.
     */
    Object delete(DeviceCall call) {
        DeleteFolderRequest request = (DeleteFolderRequest) call.request();
        List<String> uids = WireValues.uids(request.folderUids(), "folderUids", DeviceContext.MAX_BATCH);
        boolean force = Boolean.TRUE.equals(request.forceDeletion());
        return ctx.store.write(h -> {
            List<DeleteStatus> deletedRecords = new ArrayList<>();
            List<FolderDeleteStatus> statuses = new ArrayList<>();
            for (String uid : new LinkedHashSet<>(uids)) {
                statuses.add(deleteOne(call, uid, force, deletedRecords));
            }
            return new DeleteFolderResponse(deletedRecords, statuses);
        });
    }

    private FolderDeleteStatus deleteOne(DeviceCall call, String uid, boolean force, List<DeleteStatus> deleted) {
        if (ctx.grants.get(call.appUid(), uid).isPresent()) {
            return new FolderDeleteStatus(uid, "access_denied", "a shared folder is deleted in the vault");
        }
        Optional<SubFolder> sub = ctx.subFolders.get(uid);
        if (sub.isEmpty()) {
            return new FolderDeleteStatus(uid, "not_found", "no such folder");
        }
        Optional<io.castellan.store.AppGrant> grant = ctx.grants.get(call.appUid(), sub.get().sharedFolderUid());
        if (grant.isEmpty()) {
            return new FolderDeleteStatus(uid, "not_found", "no such folder");
        }
        if (!grant.get().editable()) {
            return new FolderDeleteStatus(uid, "access_denied", "the application's access to this folder is read-only");
        }
        if (!force && ctx.subFolders.hasContent(uid)) {
            return new FolderDeleteStatus(uid, "folder_not_empty", "the folder is not empty; use forceDeletion");
        }
        List<String> recordUids = ctx.subFolders.liveRecordsIn(ctx.subFolders.subtree(uid));
        for (String recordUid : recordUids) {
            deleted.add(records.deleteOne(call, recordUid));
        }
        ctx.subFolders.delete(uid);
        ctx.audited(DeviceAuditEvents.SECRET_FOLDER_DELETED, call, List.of(call.appUid(), uid),
                Map.of("records", Integer.toString(recordUids.size())));
        return new FolderDeleteStatus(uid, DeleteStatus.OK, null);
    }

    private SubFolder editableSubFolder(DeviceCall call, String uid) {
        if (ctx.grants.get(call.appUid(), uid).isPresent()) {
            throw DeviceContext.forbidden("a shared folder is renamed in the vault");
        }
        SubFolder sub = ctx.subFolders.get(uid)
                .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "no such folder"));
        ctx.folderGrant(call, sub.sharedFolderUid(), true);
        return sub;
    }
}
