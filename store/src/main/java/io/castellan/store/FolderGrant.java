package io.castellan.store;

/**
 * A folder a user sees, with that user's folder-key row (the wrapped folder key and, for a shared folder, the user's
 * permissions in it).
 */
public record FolderGrant(StoredFolder folder, FolderMember member) {
}
