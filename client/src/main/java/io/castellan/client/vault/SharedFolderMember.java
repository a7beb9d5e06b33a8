package io.castellan.client.vault;

/**
 * A member of a shared folder, as {@code sync_down} lists it in {@code sharedFolderMembers[]}.
 *
 * @param folderUid the shared folder
 * @param userUid the member's UID
 * @param email the member's e-mail
 * @param manageRecords may add and remove records
 * @param manageUsers may add and remove members
 * @param canEdit may edit records
 * @param canShare may re-share records
 */
public record SharedFolderMember(String folderUid, String userUid, String email, boolean manageRecords,
        boolean manageUsers, boolean canEdit, boolean canShare) {
}
