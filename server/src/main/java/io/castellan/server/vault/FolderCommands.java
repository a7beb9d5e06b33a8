package io.castellan.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.store.FolderKind;
import io.castellan.store.FolderMember;
import io.castellan.store.StoreException;
import io.castellan.store.User;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code folder_add}, {@code folder_delete} (with {@link SubFolderCommands} for folders inside shared folders), {@code folder_member_add}, {@code folder_member_remove}. */
final class FolderCommands {

    private final VaultContext vault;
    private final FolderTeamCommands teams;
    private final SubFolderCommands subFolders;

    FolderCommands(VaultContext vault, SubFolderCommands subFolders) {
        this.vault = vault;
        this.teams = new FolderTeamCommands(vault);
        this.subFolders = subFolders;
    }

    /**
     * {@code folder_add}: {@code uid, kind, parentUid?, data, folderKey, keyType} → {@code {}}. A parent that is a
     * user folder of the caller's gives a user folder or shared folder with its key wrapped with the creator's data
     * key ({@code data_key}); the creator of a shared folder becomes its member with every permission. A parent that
     * is a shared folder, or a folder inside one, gives a folder inside that shared folder ({@link SubFolderCommands}:
     * {@code kind} user, {@code keyType} {@code shared_folder_key}); shared folders do not nest.
     */
    ObjectNode add(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Requests.body(call.body());
        String uid = Requests.uid(body, "uid");
        FolderKind kind = "shared".equals(Requests.oneOf(body, "kind", "user", "shared")) ? FolderKind.SHARED
                : FolderKind.USER;
        Optional<String> parentUid = Requests.optionalUid(body, "parentUid");
        KeyType keyType = KeyType.fromWire(Requests.oneOf(body, "keyType", KeyType.DATA_KEY.wire(),
                KeyType.SHARED_FOLDER_KEY.wire()));
        boolean subFolder = keyType == KeyType.SHARED_FOLDER_KEY;
        byte[] data = subFolder ? subFolders.cbcData(body) : Requests.bytes(body, "data",
                VaultContext.MIN_CIPHERTEXT_BYTES, vault.limits.maxFolderDataBytes(), true);
        int keyBytes = subFolder ? VaultContext.CBC_WRAPPED_KEY_BYTES : VaultContext.WRAPPED_KEY_BYTES;
        byte[] folderKey = Requests.bytes(body, "folderKey", keyBytes, keyBytes, false);
        return vault.store.write(h -> {
            boolean insideShared = parentUid.isPresent() && subFolders.insideSharedFolder(caller, parentUid.get());
            if (insideShared && kind == FolderKind.SHARED) {
                throw new CastellanException(ErrorCode.VALIDATION_FAILED, "shared folders cannot nest: a shared"
                        + " folder cannot be made inside a shared folder (make a kind user folder there)",
                        Map.of(CastellanException.DETAIL_FIELD, "kind"), null);
            }
            if (insideShared != subFolder) {
                throw Requests.badRequest("keyType", insideShared
                        ? "a folder inside a shared folder needs keyType shared_folder_key (its key under the shared"
                                + " folder's key)"
                        : "keyType shared_folder_key is only for folders inside a shared folder");
            }
            if (subFolder) {
                return subFolders.add(call, new SubFolderCommands.NewSubFolder(uid, parentUid.orElseThrow(), data,
                        folderKey));
            }
            if (vault.subFolders.get(uid).isPresent()) {
                throw folderUidTaken();
            }
            try {
                vault.folders.insert(uid, kind, caller.userUid(), parentUid, data);
            } catch (StoreException e) {
                if (e.reason() == StoreException.Reason.DUPLICATE) {
                    throw folderUidTaken();
                }
                throw e;
            }
            vault.members.put(uid, caller.userUid(), folderKey, true, true, true, true);
            vault.audited(VaultAuditEvents.FOLDER_CREATED, call, List.of(uid),
                    Map.of("kind", kind == FolderKind.SHARED ? "shared" : "user"));
            return Entries.empty();
        });
    }

    /**
     * {@code folder_delete}: {@code uid, deleteContents?} → {@code {}}. A user or shared folder: only its owner;
     * refused ({@code 409 conflict}) while it holds a live record or a folder. A folder inside a shared folder: see
     * {@link SubFolderCommands#delete} ({@code deleteContents} applies to those only).
     */
    ObjectNode delete(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Requests.body(call.body());
        String uid = Requests.uid(body, "uid");
        boolean deleteContents = Requests.optionalBool(body, "deleteContents");
        return vault.store.write(h -> {
            if (vault.subFolders.get(uid).isPresent()) {
                return subFolders.delete(call, vault.visibleSubFolder(caller, uid, "uid"), deleteContents);
            }
            VaultContext.VisibleFolder folder = vault.visibleFolder(caller, uid, "uid");
            if (!folder.ownedBy(caller)) {
                throw VaultContext.forbidden("only the folder's owner may delete it");
            }
            if (deleteContents) {
                throw Requests.badRequest("deleteContents", "deleteContents applies only to folders inside a shared"
                        + " folder; empty this folder first");
            }
            try {
                if (folder.shared() && !vault.subFolders.listIn(List.of(uid)).isEmpty()) {
                    // the store would cascade them away; the vault asks for them to be emptied first, as for folders
                    throw new StoreException(StoreException.Reason.CONFLICT, "shared folder holds sub-folders");
                }
                vault.folders.deleteEmpty(uid);
            } catch (StoreException e) {
                if (e.reason() == StoreException.Reason.CONFLICT) {
                    throw new CastellanException(ErrorCode.CONFLICT, "the folder is not empty: move or delete its"
                            + " records and folders first");
                }
                throw e;
            }
            vault.audited(VaultAuditEvents.FOLDER_DELETED, call, List.of(uid));
            return Entries.empty();
        });
    }

    private static CastellanException folderUidTaken() {
        return new CastellanException(ErrorCode.CONFLICT, "a folder with this UID already exists",
                Map.of(CastellanException.DETAIL_FIELD, "uid"), null);
    }

    /**
     * {@code folder_member_add}: {@code folderUid, email, folderKey, manageRecords, manageUsers, canEdit, canShare}
     * → {@code {}}. Needs manageUsers. Adding an existing member replaces its key and permissions; the folder's
     * owner keeps every permission and cannot be changed.
     */
    ObjectNode addMember(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Requests.body(call.body());
        if (teamMember(body)) {
            return teams.add(call, body);
        }
        String folderUid = Requests.uid(body, "folderUid");
        String email = Requests.email(body, "email");
        byte[] folderKey = Requests.bytes(body, "folderKey", VaultContext.SEALED_KEY_MIN_BYTES,
                VaultContext.SEALED_KEY_MAX_BYTES, false);
        boolean manageRecords = Requests.bool(body, "manageRecords");
        boolean manageUsers = Requests.bool(body, "manageUsers");
        boolean canEdit = Requests.bool(body, "canEdit");
        boolean canShare = Requests.bool(body, "canShare");
        return vault.store.write(h -> {
            VaultContext.VisibleFolder folder = vault.sharedFolder(caller, folderUid);
            if (!folder.membership().manageUsers()) {
                throw VaultContext.forbidden("adding members to this shared folder needs manageUsers");
            }
            User member = vault.activeUser(email, "email");
            if (member.uid().equals(folder.folder().ownerUid())) {
                throw VaultContext.forbidden("the folder's owner keeps every permission");
            }
            vault.members.put(folderUid, member.uid(), folderKey, manageRecords, manageUsers, canEdit, canShare);
            vault.audited(VaultAuditEvents.FOLDER_MEMBER_ADDED, call, List.of(folderUid, member.uid()), Map.of(
                    "manageRecords", Boolean.toString(manageRecords), "manageUsers", Boolean.toString(manageUsers),
                    "canEdit", Boolean.toString(canEdit), "canShare", Boolean.toString(canShare)));
            return Entries.empty();
        });
    }

    /**
     * {@code folder_member_remove}: {@code folderUid, email} → {@code {}}. Needs manageUsers, except that a member
     * may always leave; the owner cannot be removed. The member loses every record reached through the folder.
     */
    ObjectNode removeMember(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Requests.body(call.body());
        if (teamMember(body)) {
            return teams.remove(call, body);
        }
        String folderUid = Requests.uid(body, "folderUid");
        String email = Requests.email(body, "email");
        return vault.store.write(h -> {
            VaultContext.VisibleFolder folder = vault.sharedFolder(caller, folderUid);
            User member = vault.anyUser(email, "email");
            boolean self = member.uid().equals(caller.userUid());
            if (!self && !folder.membership().manageUsers()) {
                throw VaultContext.forbidden("removing members from this shared folder needs manageUsers");
            }
            if (member.uid().equals(folder.folder().ownerUid())) {
                throw VaultContext.forbidden("the folder's owner cannot be removed");
            }
            Optional<FolderMember> existing = vault.members.get(folderUid, member.uid());
            if (existing.isEmpty()) {
                throw new CastellanException(ErrorCode.NOT_FOUND, "that user is not a member of the folder",
                        Map.of(CastellanException.DETAIL_FIELD, "email"), null);
            }
            vault.members.delete(folderUid, member.uid());
            vault.audited(VaultAuditEvents.FOLDER_MEMBER_REMOVED, call, List.of(folderUid, member.uid()));
            return Entries.empty();
        });
    }

    /** Whether the request names a team ({@code team}) rather than a user ({@code email}); both is refused. */
    private static boolean teamMember(JsonNode body) {
        boolean team = body.hasNonNull("team");
        if (team && body.hasNonNull("email")) {
            throw Requests.badRequest("team", "give either email or team, not both");
        }
        return team;
    }
}
