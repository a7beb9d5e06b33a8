package io.castellan.client.vault;

import io.castellan.client.crypto.AttachmentMeta;

/**
 * An attachment of a record, with its decrypted metadata (the bytes are fetched on demand).
 *
 * @param uid the attachment UID
 * @param size the stored (encrypted) size the server reports
 * @param meta the decrypted name, title, type and plaintext size
 */
public record VaultAttachment(String uid, long size, AttachmentMeta meta) {
}
