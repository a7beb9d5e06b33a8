package io.castellan.server.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The first entry of a backup archive, {@value BackupArchive#MANIFEST}: what the archive holds and each file's size
 * and SHA-256, so a restore can refuse a truncated or altered archive before it replaces anything.
 *
 * @param format    {@value BackupArchive#FORMAT}; a restore refuses other formats
 * @param createdAt when the backup was taken (ISO-8601 instant)
 * @param store     {@code sqlite} (the archive holds {@value BackupArchive#DATABASE}) or {@code external} (key material
 *                  only: the store is PostgreSQL, backed up with {@code pg_dump})
 * @param files     every other entry of the archive, in order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(int format, String createdAt, String store, List<Entry> files) {

    /** Store kinds. */
    public static final String SQLITE = "sqlite";
    public static final String EXTERNAL = "external";

    /**
     * One file of the archive.
     *
     * @param path   its path relative to the data directory ({@link BackupArchive#checkPath})
     * @param size   its length in bytes
     * @param sha256 its SHA-256, lower-case hex
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String path, long size, String sha256) {
    }

    public BackupManifest {
        files = files == null ? List.of() : List.copyOf(files);
    }
}
