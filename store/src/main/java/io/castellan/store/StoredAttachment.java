package io.castellan.store;

import java.time.Instant;

/**
 * A row of {@code attachments} without its bytes (see {@link AttachmentRepository#data}).
 *
 * @param encryptedFileKey the file key wrapped with the record key
 * @param encryptedMeta    name, title, type and size, encrypted under the file key
 * @param size             the length of the encrypted bytes
 */
public record StoredAttachment(String uid, String recordUid, byte[] encryptedFileKey, byte[] encryptedMeta, long size,
        Instant createdAt) {
}
