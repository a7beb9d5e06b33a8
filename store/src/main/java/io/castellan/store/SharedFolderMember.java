package io.castellan.store;

/** A shared folder's member with the member's e-mail, for listing members to those who manage them. */
public record SharedFolderMember(FolderMember member, String email) {
}
