package io.castellan.client.crypto;

import java.util.Objects;

/**
 * The encrypted description of an attachment, {@code {"name","title","type","size"}} in {@code docs/api.md}.
 *
 * @param name the file name
 * @param title a display title (the file name unless the user chose one)
 * @param type the MIME type
 * @param size the plaintext size in bytes
 */
public record AttachmentMeta(String name, String title, String type, long size) {

    /** Validates. */
    public AttachmentMeta {
        Objects.requireNonNull(name, "name");
        title = title == null ? name : title;
        type = type == null ? "application/octet-stream" : type;
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }
}
