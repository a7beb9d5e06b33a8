package io.castellan.store;

/**
 * A team that is a member of a shared folder, with its permissions there (which apply to every member of the team
 * who holds the team key).
 */
public record SharedFolderTeam(String folderUid, String teamUid, String teamName, boolean manageRecords,
        boolean manageUsers, boolean canEdit, boolean canShare) {
}
