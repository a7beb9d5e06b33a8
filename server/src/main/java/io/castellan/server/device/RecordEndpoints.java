package io.castellan.server.device;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.ksm.CreateSecretRequest;
import io.castellan.model.ksm.DeleteSecretRequest;
import io.castellan.model.ksm.DeleteSecretResponse;
import io.castellan.model.ksm.DeleteStatus;
import io.castellan.store.AppViewRepository.RecordReach;
import io.castellan.store.HolderKind;
import io.castellan.store.RecordKey;
import io.castellan.store.StoredApplication;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code create_secret} and {@code delete_secret}. */
final class RecordEndpoints {

    private final DeviceContext ctx;

    RecordEndpoints(DeviceContext ctx) {
        this.ctx = ctx;
    }

    /**
     * {@code create_secret}: a new record in a shared folder the application may edit (optionally in one of its
     * sub-folders). The record belongs to the application's owner: it is stored with the folder-wrapped key
     * ({@code folderKey}, read by the folder's members and the application) and the owner's copy ({@code recordKey},
     * ECIES to the owner's public key, stored as the owner's key row).
     */
    Object create(DeviceCall call) {
        CreateSecretRequest request = (CreateSecretRequest) call.request();
        String uid = WireValues.uid(request.recordUid(), "recordUid");
        String folderUid = WireValues.uid(request.folderUid(), "folderUid");
        byte[] ownerKey = WireValues.bytes(request.recordKey(), "recordKey", DeviceContext.SEALED_KEY_MIN_BYTES,
                DeviceContext.SEALED_KEY_MAX_BYTES);
        byte[] folderKey = WireValues.bytes(request.folderKey(), "folderKey", DeviceContext.WRAPPED_KEY_BYTES,
                DeviceContext.WRAPPED_KEY_BYTES);
        byte[] data = WireValues.bytes(request.data(), "data", DeviceContext.MIN_GCM_BYTES,
                ctx.limits.maxRecordDataBytes());
        Optional<String> subFolderUid = WireValues.optionalUid(request.subFolderUid(), "subFolderUid")
                .filter(s -> !s.equals(folderUid));
        return ctx.store.write(h -> {
            ctx.folderGrant(call, folderUid, true);
            if (subFolderUid.isPresent()) {
                ctx.subFolders.get(subFolderUid.get())
                        .filter(s -> s.sharedFolderUid().equals(folderUid))
                        .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND,
                                "no such sub-folder in that shared folder"));
            }
            if (ctx.records.get(uid).isPresent()) {
                throw new CastellanException(ErrorCode.CONFLICT, "a record with this UID already exists");
            }
            StoredApplication app = ctx.apps.get(call.appUid()).orElseThrow(() -> DeviceContext.forbidden(
                    "the client's application was removed"));
            ctx.records.insert(uid, app.ownerUid(), Optional.of(folderUid), data);
            ctx.recordKeys.put(new RecordKey(uid, HolderKind.FOLDER, folderUid, folderKey, false, false,
                    Optional.empty()));
            ctx.recordKeys.put(new RecordKey(uid, HolderKind.USER, app.ownerUid(), ownerKey, true, true,
                    Optional.empty()));
            subFolderUid.ifPresent(s -> ctx.subFolders.place(uid, s));
            ctx.audited(DeviceAuditEvents.SECRET_CREATED, call, List.of(call.appUid(), uid, folderUid), Map.of());
            return null;
        });
    }

    /**
     * {@code delete_secret}: each record the application may edit is deleted (soft, with its history; every other
     * holder's key goes, its pending rotation too); the answer has one status per record ({@code ok},
     * {@code access_denied}), and a refused record does not stop the others.
     */
    Object delete(DeviceCall call) {
        List<String> uids = WireValues.uids(((DeleteSecretRequest) call.request()).recordUids(), "recordUids",
                DeviceContext.MAX_BATCH);
        return ctx.store.write(h -> {
            List<DeleteStatus> statuses = new ArrayList<>();
            for (String uid : new LinkedHashSet<>(uids)) {
                statuses.add(deleteOne(call, uid));
            }
            return new DeleteSecretResponse(statuses);
        });
    }

    /** Deletes one record inside the caller's transaction; the status says how it went. */
    DeleteStatus deleteOne(DeviceCall call, String uid) {
        Optional<RecordReach> reach = ctx.views.reach(call.appUid(), uid);
        if (reach.isEmpty()) {
            return new DeleteStatus(uid, "access_denied", "the application has no access to this record");
        }
        if (!reach.get().editable()) {
            return new DeleteStatus(uid, "access_denied", "the application's access to this record is read-only");
        }
        ctx.records.softDelete(uid, reach.get().record().revision());
        ctx.recordKeys.deleteAllExcept(uid, HolderKind.USER, reach.get().record().ownerUid());
        ctx.pending.delete(uid);
        ctx.audited(DeviceAuditEvents.SECRET_DELETED, call, List.of(call.appUid(), uid), Map.of());
        return new DeleteStatus(uid, DeleteStatus.OK, null);
    }
}
