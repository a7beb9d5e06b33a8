package io.castellan.sdk;

import java.util.Objects;

/**
 * A file to attach to a record with {@link SecretsManager#uploadFile}. The content is encrypted on the device before
 * it leaves; {@link #toString()} never shows it.
 *
 * @param name the file name
 * @param title the title shown in the vault
 * @param mimeType the MIME type, e.g. {@code application/octet-stream}
 * @param content the plaintext bytes
 */
public record FileUpload(String name, String title, String mimeType, byte[] content) {

    /** Rejects nulls. */
    public FileUpload {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(content, "content");
    }

    /** @return a file titled by its name, of type {@code application/octet-stream} */
    public static FileUpload of(String name, byte[] content) {
        return new FileUpload(name, name, "application/octet-stream", content);
    }

    @Override
    public String toString() {
        return "FileUpload[" + content.length + " bytes]";
    }
}
