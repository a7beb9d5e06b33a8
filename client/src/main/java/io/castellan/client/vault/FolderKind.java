package io.castellan.client.vault;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;

/** The {@code kind} of a folder in {@code docs/api.md}. */
public enum FolderKind {

    /** A private folder of its owner; its key is wrapped with the owner's data key. */
    USER("user"),
    /** A folder shared with members; its key is wrapped per member, and records inside use {@code folder_key}. */
    SHARED("shared"),
    /**
     * A folder inside a shared folder (Keeper's "shared folder folder"): every member of the shared folder sees it;
     * its key is AES-CBC-wrapped with the shared folder's key, and records in it belong to the shared folder.
     */
    SHARED_FOLDER_FOLDER("shared_folder_folder");

    private final String wire;

    FolderKind(String wire) {
        this.wire = wire;
    }

    /** @return the wire name */
    public String wire() {
        return wire;
    }

    /** @return the kind for a wire name */
    public static FolderKind fromWire(String wire) {
        for (FolderKind kind : values()) {
            if (kind.wire.equals(wire)) {
                return kind;
            }
        }
        throw new CastellanException(ErrorCode.INTERNAL, "the server sent an unknown folder kind");
    }
}
