package io.castellan.store;

import java.time.Instant;

/**
 * A row of {@code sm_file_uploads}: what the one-time upload URL of an {@code add_file} stores when it is used.
 *
 * @param baseRevision     the owner record's revision when the upload was announced
 * @param encryptedFileKey the file key AES-GCM under the owner record's key
 * @param encryptedMeta    the file's metadata AES-GCM under the file key
 * @param ownerRecordData  the owner record's new data (with the file reference)
 * @param maxSize          the largest upload accepted, in bytes
 */
public record FileUpload(String clientId, String appUid, String ownerRecordUid, long baseRevision, String fileUid,
        byte[] encryptedFileKey, byte[] encryptedMeta, byte[] ownerRecordData, long maxSize, Instant expiresAt,
        Instant createdAt) {
}
