package io.castellan.store;

/** What a folder is; stored as {@code 'user'} or {@code 'shared'}. */
public enum FolderKind {
    /** A user's private folder: its key is wrapped with the owner's data key, and only the owner sees it. */
    USER,
    /** A shared folder: its key is wrapped for each member ({@code folder_keys}), with the member's permissions. */
    SHARED
}
