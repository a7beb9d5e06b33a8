package io.castellan.server.device;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.ksm.CompleteTransactionRequest;
import io.castellan.model.ksm.UpdateSecretRequest;
import io.castellan.store.AppViewRepository.RecordReach;
import io.castellan.store.PendingUpdate;
import io.castellan.store.RecordLink;
import io.castellan.store.StoredRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code update_secret}, {@code finalize_secret_update} and {@code rollback_secret_update}. A general update replaces
 * the record's data at once (the old revision goes to history). A rotation update ({@code transactionType}
 * {@code "rotation"}) only stores the new data as pending; {@code get_secret} keeps serving the current data until
 * {@code finalize_secret_update} commits the pending data (always, as a new revision on top of whatever is current:
 * a rotated credential is never dropped) or {@code rollback_secret_update} discards it. See docs/ksm-compatibility.md.
 */
final class UpdateEndpoints {

    private final DeviceContext ctx;

    UpdateEndpoints(DeviceContext ctx) {
        this.ctx = ctx;
    }

    Object update(DeviceCall call) {
        UpdateSecretRequest request = (UpdateSecretRequest) call.request();
        String uid = WireValues.uid(request.recordUid(), "recordUid");
        byte[] data = WireValues.bytes(request.data(), "data", DeviceContext.MIN_GCM_BYTES,
                ctx.limits.maxRecordDataBytes());
        String type = request.transactionType() == null ? UpdateSecretRequest.TRANSACTION_GENERAL
                : request.transactionType();
        if (!type.equals(UpdateSecretRequest.TRANSACTION_GENERAL)
                && !type.equals(UpdateSecretRequest.TRANSACTION_ROTATION)) {
            throw WireValues.bad("transactionType", "must be general or rotation");
        }
        if (request.links2Remove() != null) {
            request.links2Remove().forEach(l -> WireValues.uid(l, "links2Remove"));
        }
        return ctx.store.write(h -> {
            StoredRecord record = editable(call, uid);
            if (request.revision() != null && request.revision() != record.revision()) {
                throw stale(record);
            }
            Optional<PendingUpdate> pending = ctx.pending.get(uid);
            if (type.equals(UpdateSecretRequest.TRANSACTION_ROTATION)) {
                if (pending.isPresent() && !pending.get().appUid().equals(call.appUid())) {
                    throw new CastellanException(ErrorCode.CONFLICT, "another application's rotation of this record"
                            + " is pending");
                }
                ctx.pending.put(uid, call.appUid(), call.clientId(), record.revision(), data);
                ctx.audited(DeviceAuditEvents.SECRET_UPDATE_PENDING, call, List.of(call.appUid(), uid),
                        Map.of("transactionType", type));
            } else {
                if (pending.isPresent()) {
                    throw new CastellanException(ErrorCode.CONFLICT, "a rotation of this record is pending; finalize"
                            + " or roll it back first");
                }
                ctx.records.update(uid, record.revision(), data);
                ctx.audited(DeviceAuditEvents.SECRET_UPDATED, call, List.of(call.appUid(), uid),
                        Map.of("transactionType", type));
            }
            if (request.links2Remove() != null && !request.links2Remove().isEmpty()) {
                Set<String> drop = new HashSet<>(request.links2Remove());
                List<RecordLink> kept = ctx.links.list(uid).stream().filter(l -> !drop.contains(l.linkedUid()))
                        .toList();
                ctx.links.replace(uid, kept);
            }
            return null;
        });
    }

    Object finalizeUpdate(DeviceCall call) {
        String uid = WireValues.uid(((CompleteTransactionRequest) call.request()).recordUid(), "recordUid");
        return ctx.store.write(h -> {
            StoredRecord record = editable(call, uid);
            PendingUpdate pending = pendingOf(call, uid);
            ctx.records.update(uid, record.revision(), pending.encryptedData());
            ctx.pending.delete(uid);
            ctx.audited(DeviceAuditEvents.SECRET_UPDATED, call, List.of(call.appUid(), uid),
                    Map.of("transactionType", UpdateSecretRequest.TRANSACTION_ROTATION,
                            "baseRevision", Long.toString(pending.baseRevision())));
            return null;
        });
    }

    Object rollbackUpdate(DeviceCall call) {
        String uid = WireValues.uid(((CompleteTransactionRequest) call.request()).recordUid(), "recordUid");
        return ctx.store.write(h -> {
            editable(call, uid);
            pendingOf(call, uid);
            ctx.pending.delete(uid);
            ctx.audited(DeviceAuditEvents.SECRET_UPDATE_ROLLED_BACK, call, List.of(call.appUid(), uid), Map.of());
            return null;
        });
    }

    private PendingUpdate pendingOf(DeviceCall call, String uid) {
        return ctx.pending.get(uid).filter(p -> p.appUid().equals(call.appUid()))
                .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND,
                        "no rotation of this record is pending for this application"));
    }

    /** The live record the application reaches with an editable grant; otherwise 403. */
    StoredRecord editable(DeviceCall call, String uid) {
        RecordReach reach = ctx.views.reach(call.appUid(), uid)
                .orElseThrow(() -> DeviceContext.forbidden("the application has no access to this record"));
        if (!reach.editable()) {
            throw DeviceContext.forbidden("the application's access to this record is read-only");
        }
        return reach.record();
    }

    static CastellanException stale(StoredRecord record) {
        return new CastellanException(ErrorCode.CONFLICT, "the record changed meanwhile (revision "
                + record.revision() + "); read it again and retry",
                Map.of(CastellanException.DETAIL_REVISION, Long.toString(record.revision())), null);
    }
}
