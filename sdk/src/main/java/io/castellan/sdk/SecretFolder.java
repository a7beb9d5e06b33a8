package io.castellan.sdk;

import java.util.Optional;

/**
 * A folder the application sees: a shared folder (no parent) or a sub-folder inside one, with its decrypted name.
 * The folder key stays inside the SDK.
 */
public final class SecretFolder {

    private final String uid;
    private final String parentUid;
    private final String name;
    private final byte[] folderKey;

    SecretFolder(String uid, String parentUid, String name, byte[] folderKey) {
        this.uid = uid;
        this.parentUid = parentUid;
        this.name = name;
        this.folderKey = folderKey;
    }

    /** @return the folder UID */
    public String uid() {
        return uid;
    }

    /** @return the parent folder, or empty for a shared folder */
    public Optional<String> parentUid() {
        return Optional.ofNullable(parentUid);
    }

    /** @return whether this is a shared folder (the root of a folder tree granted to the application) */
    public boolean isSharedFolder() {
        return parentUid == null;
    }

    /** @return the folder name */
    public String name() {
        return name;
    }

    byte[] folderKey() {
        return folderKey;
    }

    @Override
    public String toString() {
        return "SecretFolder[" + uid + (parentUid == null ? ", shared" : ", in " + parentUid) + "]";
    }
}
