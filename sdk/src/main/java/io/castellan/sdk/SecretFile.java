package io.castellan.sdk;

import java.util.Optional;

/**
 * A file attached to a {@link Secret}, with its decrypted metadata. The content is fetched with
 * {@link SecretsManager#downloadFile(SecretFile)}. The file key stays inside the SDK; {@link #toString()} shows the
 * UID and size only.
 */
public final class SecretFile {

    private final String uid;
    private final String name;
    private final String title;
    private final String mimeType;
    private final long size;
    private final Long lastModified;
    private final String url;
    private final String thumbnailUrl;
    private final byte[] fileKey;

    SecretFile(String uid, String name, String title, String mimeType, long size, Long lastModified, String url,
               String thumbnailUrl, byte[] fileKey) {
        this.uid = uid;
        this.name = name;
        this.title = title;
        this.mimeType = mimeType;
        this.size = size;
        this.lastModified = lastModified;
        this.url = url;
        this.thumbnailUrl = thumbnailUrl;
        this.fileKey = fileKey;
    }

    /** @return the file record's UID */
    public String uid() {
        return uid;
    }

    /** @return the file name, e.g. {@code id_ed25519} */
    public String name() {
        return name;
    }

    /** @return the title shown in the vault (often the name) */
    public String title() {
        return title;
    }

    /** @return the MIME type, e.g. {@code application/octet-stream} */
    public String mimeType() {
        return mimeType;
    }

    /** @return the size of the plaintext in bytes, as recorded by the uploader */
    public long size() {
        return size;
    }

    /** @return when the uploader last modified the file, in epoch milliseconds */
    public Optional<Long> lastModified() {
        return Optional.ofNullable(lastModified);
    }

    /** @return where the encrypted content is downloaded */
    public String url() {
        return url;
    }

    /** @return where a thumbnail is downloaded, if the file has one */
    public Optional<String> thumbnailUrl() {
        return Optional.ofNullable(thumbnailUrl);
    }

    byte[] fileKey() {
        return fileKey;
    }

    @Override
    public String toString() {
        return "SecretFile[" + uid + ", " + size + " bytes]";
    }
}
