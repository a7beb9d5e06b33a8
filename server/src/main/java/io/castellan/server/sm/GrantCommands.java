package io.castellan.server.sm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Cbc;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.store.AppGrantKind;
import io.castellan.store.FolderKind;
import io.castellan.store.FolderMember;
import io.castellan.store.RecordGrant;
import io.castellan.store.StoredFolder;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code app_grant_add} and {@code app_grant_remove}: what an application's devices may read and edit. */
final class GrantCommands {

    /** Largest {@code folderData} (an AES-CBC encrypted folder name). */
    static final int MAX_FOLDER_DATA_BYTES = 64 * 1024;

    private final SmContext sm;

    GrantCommands(SmContext sm) {
        this.sm = sm;
    }

    /**
     * {@code app_grant_add}: {@code appUid, subjectUid, kind, key, editable, folderData?} → {@code {}}. The caller
     * manages the application (owner or admin) and may share the subject: a record they own or may share
     * ({@code canShare}), a shared folder in which they may manage users. An editable grant also needs the caller's
     * edit right. Granting again replaces the key and the edit right.
     */
    ObjectNode add(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Fields.body(call.body());
        String appUid = Fields.uid(body, "appUid");
        String subjectUid = Fields.uid(body, "subjectUid");
        AppGrantKind kind = "folder".equals(Fields.oneOf(body, "kind", "record", "folder")) ? AppGrantKind.FOLDER
                : AppGrantKind.RECORD;
        byte[] key = Fields.bytes(body, "key", AppCommands.WRAPPED_KEY_BYTES, AppCommands.WRAPPED_KEY_BYTES);
        boolean editable = Fields.flag(body, "editable", false);
        Optional<byte[]> folderData = Fields.optionalBytes(body, "folderData", 2 * Aes256Cbc.IV_LENGTH,
                MAX_FOLDER_DATA_BYTES);
        if (folderData.isPresent() && kind != AppGrantKind.FOLDER) {
            throw Fields.bad("folderData", "is only for folder grants");
        }
        return sm.store.write(h -> {
            sm.managed(caller, appUid);
            if (kind == AppGrantKind.RECORD) {
                checkRecord(caller, subjectUid, editable);
            } else {
                checkFolder(caller, subjectUid, editable);
            }
            sm.grants.put(appUid, subjectUid, kind, key, editable, folderData);
            sm.audited(SmAuditEvents.APP_GRANT_ADDED, call, List.of(appUid, subjectUid), Map.of(
                    "kind", kind == AppGrantKind.FOLDER ? "folder" : "record", "editable", Boolean.toString(editable)));
            return AppEntries.empty();
        });
    }

    /** {@code app_grant_remove}: {@code appUid, subjectUid} → {@code {}}; devices lose it from their next request. */
    ObjectNode remove(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Fields.body(call.body());
        String appUid = Fields.uid(body, "appUid");
        String subjectUid = Fields.uid(body, "subjectUid");
        return sm.store.write(h -> {
            sm.managed(caller, appUid);
            if (!sm.grants.delete(appUid, subjectUid)) {
                throw new CastellanException(ErrorCode.NOT_FOUND, "the application has no grant of that record or"
                        + " folder", Map.of(CastellanException.DETAIL_FIELD, "subjectUid"), null);
            }
            sm.audited(SmAuditEvents.APP_GRANT_REMOVED, call, List.of(appUid, subjectUid), Map.of());
            return AppEntries.empty();
        });
    }

    /** The caller must reach the live record and own it or have canShare (and canEdit for an editable grant). */
    private void checkRecord(Caller caller, String recordUid, boolean editable) {
        List<RecordGrant> paths = sm.vaultViews.grants(caller.userUid(), recordUid, sm.clock.instant());
        if (paths.isEmpty()) {
            throw new CastellanException(ErrorCode.NOT_FOUND, "no such record",
                    Map.of(CastellanException.DETAIL_FIELD, "subjectUid"), null);
        }
        boolean owner = paths.get(0).record().ownerUid().equals(caller.userUid());
        boolean canShare = owner || paths.stream().anyMatch(RecordGrant::canShare);
        boolean canEdit = owner || paths.stream().anyMatch(RecordGrant::canEdit);
        if (!canShare) {
            throw new CastellanException(ErrorCode.FORBIDDEN, "you may not share this record, so you cannot grant it"
                    + " to an application");
        }
        if (editable && !canEdit) {
            throw new CastellanException(ErrorCode.FORBIDDEN, "you cannot grant edit rights you do not have");
        }
    }

    /**
     * The subject must be a shared folder in which the caller may manage users (and edit, for an editable grant),
     * directly or through a team (the union of both).
     */
    private void checkFolder(Caller caller, String folderUid, boolean editable) {
        Optional<StoredFolder> folder = sm.folders.get(folderUid);
        Optional<FolderMember> membership = sm.folderMembers.effective(folderUid, caller.userUid());
        if (folder.isEmpty() || membership.isEmpty()) {
            throw new CastellanException(ErrorCode.NOT_FOUND, "no such folder",
                    Map.of(CastellanException.DETAIL_FIELD, "subjectUid"), null);
        }
        if (folder.get().kind() != FolderKind.SHARED) {
            throw Fields.invalid("subjectUid", "only shared folders can be granted to an application");
        }
        if (!membership.get().manageUsers()) {
            throw new CastellanException(ErrorCode.FORBIDDEN, "granting a shared folder to an application needs"
                    + " manageUsers in that folder");
        }
        if (editable && !membership.get().canEdit()) {
            throw new CastellanException(ErrorCode.FORBIDDEN, "you cannot grant edit rights you do not have");
        }
    }
}
