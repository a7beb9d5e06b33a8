package io.castellan.client.api;

/**
 * What a shared-folder member may do.
 *
 * @param manageRecords add and remove records
 * @param manageUsers add and remove members
 * @param canEdit edit records
 * @param canShare re-share records
 */
public record FolderPermissions(boolean manageRecords, boolean manageUsers, boolean canEdit, boolean canShare) {
}
