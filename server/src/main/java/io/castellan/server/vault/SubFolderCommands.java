package io.castellan.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.store.StoreException;
import io.castellan.store.StoredRecord;
import io.castellan.store.SubFolder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Folders inside shared folders (Keeper's "shared folder folders"), as vault users make, rename and delete them. They
 * are the very rows Secrets Manager devices make ({@code sm_subfolders}), in the same format: the folder key
 * AES-256-CBC under the shared folder's key, the name AES-256-CBC under the folder's own key. Every member of the
 * shared folder sees them; changing them needs the shared folder's manageRecords. Records placed in them stay filed
 * in the shared folder.
 */
final class SubFolderCommands {

    private final VaultContext vault;

    SubFolderCommands(VaultContext vault) {
        this.vault = vault;
    }

    /** Request fields of {@code folder_add} for a folder inside a shared folder, validated before the lookup. */
    record NewSubFolder(String uid, String parentUid, byte[] data, byte[] folderKey) {
    }

    /** Reads a sub-folder's {@code data} (CBC: a whole number of blocks after the IV) and checks its length. */
    byte[] cbcData(JsonNode body) {
        byte[] data = Requests.bytes(body, "data", VaultContext.MIN_CBC_BYTES, vault.limits.maxFolderDataBytes(),
                true);
        if (data.length % 16 != 0) {
            throw Requests.badRequest("data", "data of a folder inside a shared folder is AES-CBC: iv ‖ whole blocks");
        }
        return data;
    }

    /**
     * Whether {@code parentUid} is, or is inside, a shared folder the caller sees: then {@code folder_add} makes a
     * sub-folder. {@code 404} naming {@code parentUid} when the caller sees no such folder.
     */
    boolean insideSharedFolder(Caller caller, String parentUid) {
        if (vault.subFolders.get(parentUid).isPresent()) {
            vault.visibleSubFolder(caller, parentUid, "parentUid");
            return true;
        }
        return vault.visibleFolder(caller, parentUid, "parentUid").shared();
    }

    /** Creates the sub-folder (call inside the write transaction, after {@link #insideSharedFolder}). */
    ObjectNode add(ApiCall call, NewSubFolder request) {
        Caller caller = call.requireCaller();
        Optional<SubFolder> parentSub = vault.subFolders.get(request.parentUid());
        VaultContext.VisibleFolder shared = parentSub.isPresent()
                ? vault.visibleSubFolder(caller, request.parentUid(), "parentUid").sharedFolder()
                : vault.visibleFolder(caller, request.parentUid(), "parentUid");
        requireManageRecords(shared);
        if (vault.records.get(request.uid()).isPresent()) {
            throw uidTaken();
        }
        try {
            vault.subFolders.insert(request.uid(), shared.folder().uid(), parentSub.map(SubFolder::uid),
                    request.folderKey(), request.data());
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.DUPLICATE) {
                throw uidTaken();
            }
            throw e;
        }
        vault.audited(VaultAuditEvents.SUBFOLDER_CREATED, call, List.of(request.uid(), shared.folder().uid()),
                Map.of("parent", request.parentUid()));
        return Entries.empty();
    }

    /** {@code folder_update}: {@code uid, data} → {@code {}}: renames a folder inside a shared folder. */
    ObjectNode rename(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Requests.body(call.body());
        String uid = Requests.uid(body, "uid");
        byte[] data = cbcData(body);
        return vault.store.write(h -> {
            if (vault.subFolders.get(uid).isEmpty() && vault.folders.get(uid).isPresent()) {
                vault.visibleFolder(caller, uid, "uid");
                throw new CastellanException(ErrorCode.VALIDATION_FAILED, "only folders inside a shared folder can be"
                        + " renamed", Map.of(CastellanException.DETAIL_FIELD, "uid"), null);
            }
            VaultContext.VisibleSubFolder sub = vault.visibleSubFolder(caller, uid, "uid");
            requireManageRecords(sub.sharedFolder());
            vault.subFolders.rename(uid, data);
            vault.audited(VaultAuditEvents.SUBFOLDER_RENAMED, call, List.of(uid, sub.subFolder().sharedFolderUid()));
            return Entries.empty();
        });
    }

    /**
     * Deletes a folder inside a shared folder (call inside the write transaction). Refused ({@code 409}) while it
     * holds folders or live records, unless {@code deleteContents}: then the folders below it go too and the live
     * records in any of them are deleted as {@code record_delete} deletes them (each with its own audit event).
     */
    ObjectNode delete(ApiCall call, VaultContext.VisibleSubFolder sub, boolean deleteContents) {
        requireManageRecords(sub.sharedFolder());
        String uid = sub.subFolder().uid();
        if (!deleteContents && vault.subFolders.hasContent(uid)) {
            throw new CastellanException(ErrorCode.CONFLICT, "the folder is not empty: move or delete its records and"
                    + " folders first, or ask to delete its contents (deleteContents)");
        }
        int deleted = 0;
        for (String recordUid : vault.subFolders.liveRecordsIn(vault.subFolders.subtree(uid))) {
            Optional<StoredRecord> record = vault.records.get(recordUid)
                    .filter(r -> r.folderUid().equals(Optional.of(sub.subFolder().sharedFolderUid())));
            if (record.isPresent()) {
                // only records filed in this shared folder: a stale placement never reaches a record elsewhere
                vault.deleteRecord(call, record.get());
                deleted++;
            }
        }
        vault.subFolders.delete(uid);
        vault.audited(VaultAuditEvents.SUBFOLDER_DELETED, call, List.of(uid, sub.subFolder().sharedFolderUid()),
                Map.of("records", Integer.toString(deleted)));
        return Entries.empty();
    }

    private static void requireManageRecords(VaultContext.VisibleFolder shared) {
        if (!shared.membership().manageRecords()) {
            throw VaultContext.forbidden("changing the folders inside this shared folder needs manageRecords");
        }
    }

    private static CastellanException uidTaken() {
        return new CastellanException(ErrorCode.CONFLICT, "a folder or record with this UID already exists",
                Map.of(CastellanException.DETAIL_FIELD, "uid"), null);
    }
}
