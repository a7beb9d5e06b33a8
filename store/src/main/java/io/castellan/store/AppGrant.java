package io.castellan.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A row of {@code app_grants}: a record or shared folder an application may read (and edit when {@code editable}).
 *
 * @param encryptedKey the record key or folder key wrapped with the app key (AES-GCM)
 * @param folderData   for a folder: its {@code {"name"}} AES-CBC under the folder key, for Keeper SDKs' get_folders
 */
public record AppGrant(String appUid, String subjectUid, AppGrantKind kind, byte[] encryptedKey, boolean editable,
        Optional<byte[]> folderData, Instant createdAt) {
}
