package io.castellan.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.store.HolderKind;
import io.castellan.store.RecordKey;
import io.castellan.store.User;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code record_share} and {@code record_unshare}: direct shares of one record with one user. */
final class ShareCommands {

    private final VaultContext vault;

    ShareCommands(VaultContext vault) {
        this.vault = vault;
    }

    /**
     * {@code record_share}: {@code uid, email, recordKey, canEdit, canShare, expiresAt?, rotateOnExpiration?} →
     * {@code {}}. Needs canShare (the owner always has it); edit rights can only be passed on by a caller who has
     * them. Sharing again with the same user replaces the key, permissions, expiry and rotation flag.
     * {@code rotateOnExpiration} (Keeper's name) asks that the record's credential be rotated when the share ends: it
     * needs {@code expiresAt} and a record with rotation settings (a pamUser).
     */
    ObjectNode share(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Requests.body(call.body());
        String uid = Requests.uid(body, "uid");
        String email = Requests.email(body, "email");
        byte[] recordKey = Requests.bytes(body, "recordKey", VaultContext.SEALED_KEY_MIN_BYTES,
                VaultContext.SEALED_KEY_MAX_BYTES, false);
        boolean canEdit = Requests.bool(body, "canEdit");
        boolean canShare = Requests.bool(body, "canShare");
        OptionalLong expiresAtMillis = Requests.optionalInteger(body, "expiresAt");
        Optional<Instant> expiresAt = Optional.empty();
        if (expiresAtMillis.isPresent()) {
            if (expiresAtMillis.getAsLong() <= vault.clock.millis()) {
                throw Requests.badRequest("expiresAt", "expiresAt must be in the future (epoch milliseconds)");
            }
            expiresAt = Optional.of(Instant.ofEpochMilli(expiresAtMillis.getAsLong()));
        }
        Optional<Instant> expiry = expiresAt;
        boolean rotateOnExpiration = Requests.optionalBool(body, "rotateOnExpiration");
        if (rotateOnExpiration && expiry.isEmpty()) {
            throw Requests.badRequest("rotateOnExpiration", "rotateOnExpiration needs expiresAt: only a share that"
                    + " ends can rotate when it ends");
        }
        return vault.store.write(h -> {
            RecordAccess access = vault.access(caller, uid);
            if (!access.canShare()) {
                throw VaultContext.forbidden("you may not share this record");
            }
            if (canEdit && !access.canEdit()) {
                throw VaultContext.forbidden("you cannot grant edit rights you do not have");
            }
            User recipient = vault.activeUser(email, "email");
            if (recipient.uid().equals(caller.userUid()) || recipient.uid().equals(access.record().ownerUid())) {
                throw new CastellanException(ErrorCode.VALIDATION_FAILED, "the record cannot be shared with its"
                        + " owner or with yourself", Map.of(CastellanException.DETAIL_FIELD, "email"), null);
            }
            if (rotateOnExpiration && vault.rotationSettings.get(uid).isEmpty()) {
                throw new CastellanException(ErrorCode.VALIDATION_FAILED, "rotateOnExpiration: the record has no"
                        + " rotation settings (only a pamUser with 'pam rotation edit' settings can be rotated)",
                        Map.of(CastellanException.DETAIL_FIELD, "rotateOnExpiration"), null);
            }
            vault.recordKeys.put(new RecordKey(uid, HolderKind.USER, recipient.uid(), recordKey, canEdit, canShare,
                    expiry), rotateOnExpiration);
            vault.audited(VaultAuditEvents.RECORD_SHARED, call, List.of(uid, recipient.uid()), Map.of(
                    "canEdit", Boolean.toString(canEdit), "canShare", Boolean.toString(canShare),
                    "expiresAt", expiry.map(e -> Long.toString(e.toEpochMilli())).orElse("never"),
                    "rotateOnExpiration", Boolean.toString(rotateOnExpiration)));
            return Entries.empty();
        });
    }

    /**
     * {@code record_unshare}: {@code uid, email} → {@code {}}: the recipient's wrapped key is deleted. Needs canShare,
     * except that a recipient may always drop a share made to them.
     */
    ObjectNode unshare(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Requests.body(call.body());
        String uid = Requests.uid(body, "uid");
        String email = Requests.email(body, "email");
        return vault.store.write(h -> {
            RecordAccess access = vault.access(caller, uid);
            User recipient = vault.anyUser(email, "email");
            boolean self = recipient.uid().equals(caller.userUid());
            if (!self && !access.canShare()) {
                throw VaultContext.forbidden("you may not change the sharing of this record");
            }
            if (recipient.uid().equals(access.record().ownerUid())) {
                throw new CastellanException(ErrorCode.VALIDATION_FAILED, "the owner's own key cannot be unshared",
                        Map.of(CastellanException.DETAIL_FIELD, "email"), null);
            }
            if (!vault.recordKeys.delete(uid, HolderKind.USER, recipient.uid())) {
                throw new CastellanException(ErrorCode.NOT_FOUND, "the record is not shared with that user",
                        Map.of(CastellanException.DETAIL_FIELD, "email"), null);
            }
            vault.audited(VaultAuditEvents.RECORD_UNSHARED, call, List.of(uid, recipient.uid()));
            return Entries.empty();
        });
    }
}
