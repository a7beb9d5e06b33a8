package io.castellan.client.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.client.crypto.AttachmentCrypto;
import io.castellan.client.crypto.AttachmentMeta;
import io.castellan.client.vault.VaultRecord;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Uids;
import io.castellan.crypto.Wipe;

/**
 * Attachments: {@code attachment_upload} (a fresh file key; metadata and bytes encrypted under it; the file key
 * wrapped with the record key) and {@code attachment_download}.
 */
public final class AttachmentApi {

    private final ApiSession session;

    /** @param session the signed-in session */
    public AttachmentApi(ApiSession session) {
        this.session = session;
    }

    /**
     * @param record the record to attach to
     * @param name the file name
     * @param type the MIME type
     * @param bytes the content
     * @return the attachment's UID
     */
    public String upload(VaultRecord record, String name, String type, byte[] bytes) {
        String uid = Uids.newUid();
        try (SecretBytes fileKey = AttachmentCrypto.newFileKey()) {
            AttachmentMeta meta = new AttachmentMeta(name, name, type, bytes.length);
            session.call("attachment_upload", Wire.object().put("recordUid", record.uid()).put("uid", uid)
                    .put("encryptedFileKey", Wire.b64(AttachmentCrypto.wrapFileKey(fileKey.bytes(), record.key())))
                    .put("encryptedMeta", Wire.b64(AttachmentCrypto.encryptMeta(meta, fileKey.bytes())))
                    .put("data", Wire.b64(AttachmentCrypto.encryptData(bytes, fileKey.bytes()))));
            return uid;
        }
    }

    /**
     * @param record the record the attachment belongs to (its key opens the file key)
     * @param uid the attachment UID
     * @return the decrypted file
     */
    public DownloadedFile download(VaultRecord record, String uid) {
        ObjectNode answer = session.call("attachment_download", Wire.object().put("uid", uid));
        byte[] fileKey = AttachmentCrypto.unwrapFileKey(Wire.bytes(answer, "encryptedFileKey"), record.key());
        try {
            AttachmentMeta meta = AttachmentCrypto.decryptMeta(Wire.bytes(answer, "encryptedMeta"), fileKey);
            return new DownloadedFile(uid, meta, AttachmentCrypto.decryptData(Wire.bytes(answer, "data"), fileKey));
        } finally {
            Wipe.wipe(fileKey);
        }
    }
}
