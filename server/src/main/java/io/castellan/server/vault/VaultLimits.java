package io.castellan.server.vault;

/**
 * Size and count limits of the vault commands. Sizes are of the decoded (binary) values, which are ciphertext.
 *
 * @param maxAttachmentBytes  largest encrypted attachment ({@code attachment_upload} {@code data}); past it the
 *                            command answers {@code 413 payload_too_large}
 * @param maxRecordDataBytes  largest encrypted record ({@code data} of {@code record_add}/{@code record_update})
 * @param maxFolderDataBytes  largest encrypted folder data ({@code folder_add} {@code data})
 * @param maxAttachmentMetaBytes largest encrypted attachment metadata
 * @param maxLinks            most links one record may carry
 * @param maxBatch            most UIDs one {@code record_delete} may name
 */
public record VaultLimits(int maxAttachmentBytes, int maxRecordDataBytes, int maxFolderDataBytes,
        int maxAttachmentMetaBytes, int maxLinks, int maxBatch) {

    /** 10 MiB attachments. */
    public static final int DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
    /** 512 KiB records: well inside the envelope's default 1 MiB body once base64 and JSON are added. */
    public static final int DEFAULT_MAX_RECORD_DATA_BYTES = 512 * 1024;
    /** 64 KiB folder data (a name). */
    public static final int DEFAULT_MAX_FOLDER_DATA_BYTES = 64 * 1024;
    /** 64 KiB attachment metadata (name, title, type, size). */
    public static final int DEFAULT_MAX_ATTACHMENT_META_BYTES = 64 * 1024;
    /** 100 links per record. */
    public static final int DEFAULT_MAX_LINKS = 100;
    /** 1,000 records per {@code record_delete}. */
    public static final int DEFAULT_MAX_BATCH = 1000;

    public VaultLimits {
        if (maxAttachmentBytes < 1 || maxRecordDataBytes < 1 || maxFolderDataBytes < 1 || maxAttachmentMetaBytes < 1
                || maxLinks < 0 || maxBatch < 1) {
            throw new IllegalArgumentException("vault limits must be positive");
        }
    }

    /** The defaults. */
    public static VaultLimits defaults() {
        return new VaultLimits(DEFAULT_MAX_ATTACHMENT_BYTES, DEFAULT_MAX_RECORD_DATA_BYTES,
                DEFAULT_MAX_FOLDER_DATA_BYTES, DEFAULT_MAX_ATTACHMENT_META_BYTES, DEFAULT_MAX_LINKS, DEFAULT_MAX_BATCH);
    }

    /** The defaults with another attachment limit (the server's {@code --max-attachment-bytes}). */
    public static VaultLimits withMaxAttachmentBytes(int maxAttachmentBytes) {
        VaultLimits d = defaults();
        return new VaultLimits(maxAttachmentBytes, d.maxRecordDataBytes(), d.maxFolderDataBytes(),
                d.maxAttachmentMetaBytes(), d.maxLinks(), d.maxBatch());
    }
}
