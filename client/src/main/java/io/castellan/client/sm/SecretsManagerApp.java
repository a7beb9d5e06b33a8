package io.castellan.client.sm;

import io.castellan.client.crypto.KeyType;
import io.castellan.crypto.SecretBytes;
import java.util.Objects;

/**
 * A decrypted application: its name and its (unwrapped) application key. Closing wipes the key.
 */
public final class SecretsManagerApp implements AutoCloseable {

    private final String uid;
    private final String title;
    private final String role;
    private final String ownerUid;
    private final KeyType keyType;
    private final SecretBytes appKey;

    /**
     * @param uid the application UID
     * @param title the decrypted name
     * @param role the caller's role as the server sent it ({@code owner}, {@code admin}, {@code viewer}), or null
     * @param ownerUid the owner's user UID, or null
     * @param keyType how the server holds the caller's copy of the key
     * @param appKey the application key (taken over)
     */
    public SecretsManagerApp(String uid, String title, String role, String ownerUid, KeyType keyType,
            SecretBytes appKey) {
        this.uid = Objects.requireNonNull(uid, "uid");
        this.title = Objects.requireNonNull(title, "title");
        this.role = role;
        this.ownerUid = ownerUid;
        this.keyType = keyType;
        this.appKey = Objects.requireNonNull(appKey, "appKey");
    }

    public String uid() {
        return uid;
    }

    public String title() {
        return title;
    }

    public String role() {
        return role;
    }

    public String ownerUid() {
        return ownerUid;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** @return the live application key (valid until closed) */
    public byte[] appKey() {
        return appKey.bytes();
    }

    @Override
    public void close() {
        appKey.close();
    }

    @Override
    public String toString() {
        return "SecretsManagerApp[" + uid + "]";
    }
}
