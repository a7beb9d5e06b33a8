package io.castellan.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A row of {@code sm_subfolders}: a folder inside a shared folder (made by a Secrets Manager device
 * or a vault user; Keeper's "shared folder folder").
 *
 * @param parentUid          the parent sub-folder; empty directly under the shared folder
 * @param encryptedFolderKey the sub-folder key, AES-CBC under the shared folder's key
 * @param encryptedData      {@code {"name"}} AES-CBC under the sub-folder's key
 */
public record SubFolder(String uid, String sharedFolderUid, Optional<String> parentUid, byte[] encryptedFolderKey,
        byte[] encryptedData, Instant createdAt, Instant updatedAt) {
}
