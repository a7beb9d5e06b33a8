package io.castellan.client.vault;

import io.castellan.client.crypto.KeyType;
import io.castellan.crypto.SecretBytes;
import java.util.Objects;

/**
 * A decrypted folder: its name and its (unwrapped) folder key. Closing wipes the key.
 */
public final class VaultFolder implements AutoCloseable {

    private final String uid;
    private final FolderKind kind;
    private final String parentUid;
    private final String name;
    private final KeyType keyType;
    private final SecretBytes key;

    /**
     * @param uid the folder UID
     * @param kind user or shared
     * @param parentUid the parent folder's UID, or {@code null} at the root
     * @param name the decrypted name
     * @param keyType how the server holds this user's copy of the folder key
     * @param key the folder key (taken over)
     */
    public VaultFolder(String uid, FolderKind kind, String parentUid, String name, KeyType keyType, SecretBytes key) {
        this.uid = Objects.requireNonNull(uid, "uid");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.parentUid = parentUid;
        this.name = Objects.requireNonNull(name, "name");
        this.keyType = keyType;
        this.key = Objects.requireNonNull(key, "key");
    }

    public String uid() {
        return uid;
    }

    public FolderKind kind() {
        return kind;
    }

    /** @return the parent's UID, or {@code null} for a top-level folder */
    public String parentUid() {
        return parentUid;
    }

    public String name() {
        return name;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** @return the live folder key (valid until the vault closes) */
    public byte[] key() {
        return key.bytes();
    }

    /** @return whether this is a shared folder */
    public boolean isShared() {
        return kind == FolderKind.SHARED;
    }

    @Override
    public void close() {
        key.close();
    }

    @Override
    public String toString() {
        return "VaultFolder[" + uid + ", " + kind.wire() + "]";
    }
}
