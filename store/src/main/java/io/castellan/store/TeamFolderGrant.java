package io.castellan.store;

/**
 * A shared folder a user reaches through a team: the folder, the team's folder-key row (the folder key sealed to the
 * team's public key, and the team's permissions) and which team.
 */
public record TeamFolderGrant(FolderGrant grant, String teamUid) {
}
