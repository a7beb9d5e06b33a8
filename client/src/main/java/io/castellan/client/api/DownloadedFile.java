package io.castellan.client.api;

import io.castellan.client.crypto.AttachmentMeta;

/**
 * A downloaded, decrypted attachment.
 *
 * @param uid the attachment UID
 * @param meta its name, title, type and size
 * @param bytes the plaintext content
 */
public record DownloadedFile(String uid, AttachmentMeta meta, byte[] bytes) {

    @Override
    public String toString() {
        return "DownloadedFile[" + uid + ", " + bytes.length + " bytes]";
    }
}
