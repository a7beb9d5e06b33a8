package io.castellan.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Base64s;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.store.StoredAttachment;
import java.util.List;
import java.util.Map;

/**
 * {@code attachment_upload} and {@code attachment_download}: encrypted files of a record, stored inline. The bytes,
 * the metadata and the wrapped file key are ciphertext the server cannot open.
 */
final class AttachmentCommands {

    private final VaultContext vault;

    AttachmentCommands(VaultContext vault) {
        this.vault = vault;
    }

    /**
     * {@code attachment_upload}: {@code recordUid, uid, encryptedFileKey, encryptedMeta, data} → {@code {}}. Needs
     * edit rights on the record; {@code data} past the limit is {@code 413 payload_too_large}.
     */
    ObjectNode upload(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Requests.body(call.body());
        String recordUid = Requests.uid(body, "recordUid");
        String uid = Requests.uid(body, "uid");
        byte[] fileKey = Requests.bytes(body, "encryptedFileKey", VaultContext.WRAPPED_KEY_BYTES,
                VaultContext.WRAPPED_KEY_BYTES, false);
        byte[] meta = Requests.bytes(body, "encryptedMeta", VaultContext.MIN_CIPHERTEXT_BYTES,
                vault.limits.maxAttachmentMetaBytes(), true);
        byte[] data = Requests.bytes(body, "data", VaultContext.MIN_CIPHERTEXT_BYTES, vault.limits.maxAttachmentBytes(),
                true);
        return vault.store.write(h -> {
            RecordAccess access = vault.access(caller, recordUid);
            if (!access.canEdit()) {
                throw VaultContext.forbidden("adding files to this record needs edit rights");
            }
            if (vault.attachments.get(uid).isPresent()) {
                throw new CastellanException(ErrorCode.CONFLICT, "an attachment with this UID already exists",
                        Map.of(CastellanException.DETAIL_FIELD, "uid"), null);
            }
            vault.attachments.insert(uid, recordUid, fileKey, meta, data);
            vault.audited(VaultAuditEvents.ATTACHMENT_UPLOADED, call, List.of(uid, recordUid),
                    Map.of("size", Integer.toString(data.length)));
            return Entries.empty();
        });
    }

    /**
     * {@code attachment_download}: {@code uid} → {@code encryptedFileKey, encryptedMeta, data}. Needs read access to
     * the attachment's record; an attachment of an invisible record is {@code 404} like a missing one. The download
     * is audited in the same transaction that reads it: no audit, no bytes.
     */
    ObjectNode download(ApiCall call) {
        Caller caller = call.requireCaller();
        String uid = Requests.uid(Requests.body(call.body()), "uid");
        return vault.store.write(h -> {
            StoredAttachment attachment = vault.attachments.get(uid).orElseThrow(AttachmentCommands::notFound);
            try {
                vault.access(caller, attachment.recordUid());
            } catch (CastellanException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    throw notFound();
                }
                throw e;
            }
            byte[] data = vault.attachments.data(uid).orElseThrow(AttachmentCommands::notFound);
            vault.audited(VaultAuditEvents.ATTACHMENT_DOWNLOADED, call, List.of(uid, attachment.recordUid()));
            return Entries.empty()
                    .put("encryptedFileKey", Base64s.encode(attachment.encryptedFileKey()))
                    .put("encryptedMeta", Base64s.encode(attachment.encryptedMeta()))
                    .put("data", Base64s.encode(data));
        });
    }

    private static CastellanException notFound() {
        return new CastellanException(ErrorCode.NOT_FOUND, "no such attachment");
    }
}
