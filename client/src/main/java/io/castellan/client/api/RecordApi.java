package io.castellan.client.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.client.crypto.RecordCrypto;
import io.castellan.client.vault.RecordLink;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.client.vault.VaultRecord;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.RecordData;
import java.util.ArrayList;
import java.util.List;

/**
 * Record commands: {@code record_add}, {@code record_update} (optimistic: the revision read is sent back, and a
 * stale one is refused), {@code record_get}, {@code record_history}, {@code record_delete}, {@code record_move}.
 */
public final class RecordApi {

    private final ApiSession session;

    /** @param session the signed-in session */
    public RecordApi(ApiSession session) {
        this.session = session;
    }

    /**
     * Encrypts a new record under a fresh record key and adds it.
     *
     * @param vault the user's vault (for the keys)
     * @param data the record
     * @param folder the folder to file it in, or {@code null} for the root
     * @param links records to link (UIDs only)
     * @return its UID and first revision
     */
    public SavedRecord add(Vault vault, RecordData data, VaultFolder folder, List<RecordLink> links) {
        String uid = Uids.newUid();
        try (SecretBytes recordKey = RecordCrypto.newRecordKey()) {
            RecordKeys keys = RecordKeys.forFolder(vault, folder, recordKey.bytes());
            ObjectNode request = Wire.object().put("uid", uid)
                    .put("data", Wire.b64(RecordCrypto.encrypt(data, recordKey.bytes())))
                    .put("recordKey", Wire.b64(keys.wrapped())).put("keyType", keys.keyType().wire());
            if (folder != null) {
                request.put("folderUid", folder.uid());
            }
            if (!links.isEmpty()) {
                request.set("links", links(links));
            }
            return new SavedRecord(uid, Wire.longValue(session.call("record_add", request), "revision"));
        }
    }

    /**
     * Re-encrypts a changed record under its key and sends it with the revision it was read at.
     *
     * @param record the record as read
     * @param data the changed record
     * @param links the new links, or {@code null} to leave them as they are
     * @return the new revision
     * @throws CastellanException ({@link ErrorCode#CONFLICT}) when it changed on the server since it was read
     */
    public long update(VaultRecord record, RecordData data, List<RecordLink> links) {
        ObjectNode request = Wire.object().put("uid", record.uid()).put("revision", record.revision())
                .put("data", Wire.b64(RecordCrypto.encrypt(data, record.key())));
        if (links != null) {
            request.set("links", links(links));
        }
        try {
            return Wire.longValue(session.call("record_update", request), "revision");
        } catch (CastellanException e) {
            if (e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
            String now = e.detail(CastellanException.DETAIL_REVISION).map(r -> "now " + r).orElse("now newer");
            throw new CastellanException(ErrorCode.CONFLICT, "record " + record.uid()
                    + " changed since you read it (revision " + record.revision() + ", " + now
                    + "); re-read and retry", e.details(), null);
        }
    }

    /** @return one record, fetched and decrypted; the caller closes it */
    public VaultRecord get(Vault vault, String uid) {
        return VaultDecoder.record(session.call("record_get", Wire.object().put("uid", uid)), vault);
    }

    /** @return the older revisions of a record, decrypted with its key, as the server orders them */
    public List<RecordRevision> history(VaultRecord record) {
        List<RecordRevision> out = new ArrayList<>();
        for (JsonNode r : Wire.array(session.call("record_history", Wire.object().put("uid", record.uid())),
                "revisions")) {
            out.add(new RecordRevision(Wire.longValue(r, "revision"),
                    RecordCrypto.decrypt(Wire.bytes(r, "data"), record.key()), Wire.instant(r, "modifiedAt")));
        }
        return out;
    }

    /** Deletes records. */
    public void delete(List<String> uids) {
        ArrayNode array = Wire.object().arrayNode();
        uids.forEach(array::add);
        ObjectNode request = Wire.object();
        request.set("uids", array);
        session.call("record_delete", request);
    }

    /**
     * Moves a record, re-wrapping its key for the target ({@code folder_key} into a shared folder, otherwise
     * {@code data_key}).
     *
     * @param vault the user's vault
     * @param record the record
     * @param target the folder to move to, or {@code null} for the root
     */
    public void move(Vault vault, VaultRecord record, VaultFolder target) {
        RecordKeys keys = RecordKeys.forFolder(vault, target, record.key());
        ObjectNode request = Wire.object().put("uid", record.uid()).put("recordKey", Wire.b64(keys.wrapped()))
                .put("keyType", keys.keyType().wire());
        if (target != null) {
            request.put("folderUid", target.uid());
        }
        session.call("record_move", request);
    }

    private static ArrayNode links(List<RecordLink> links) {
        ArrayNode array = Wire.object().arrayNode();
        links.forEach(l -> array.addObject().put("uid", l.uid()).put("kind", l.kind()));
        return array;
    }
}
