package io.castellan.store;

import java.time.Instant;

/**
 * A user's row of {@code folder_keys}: the folder key wrapped for that user, and (for a shared folder) what the user
 * may do in it. A user folder has exactly one such row, its owner's.
 *
 * @param encryptedFolderKey the folder key wrapped with the member's data key (the owner) or sealed to the member's
 *                           public key (everyone else)
 * @param manageRecords      may add, remove and move records in the folder
 * @param manageUsers        may add and remove members
 * @param canEdit            may edit the folder's records
 * @param canShare           may share the folder's records directly with other users
 */
public record FolderMember(String folderUid, String userUid, byte[] encryptedFolderKey, boolean manageRecords,
        boolean manageUsers, boolean canEdit, boolean canShare, Instant createdAt) {
}
