package io.castellan.store;

/** Who holds a wrapped record key; stored as {@code 'user'}, {@code 'folder'} or {@code 'app'}. */
public enum HolderKind {
    /** A user: the owner, or a direct share. */
    USER,
    /** A folder: the record key wrapped with the folder key, readable by the folder's members. */
    FOLDER,
    /** A Secrets Manager application: readable by its devices and gateways. */
    APP
}
