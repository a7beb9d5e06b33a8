package io.castellan.client.vault;

import io.castellan.client.crypto.KeyType;
import io.castellan.crypto.SecretBytes;
import io.castellan.model.record.RecordData;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A decrypted record entry: the record (plaintext), its unwrapped record key, and what the server says about it.
 * Closing wipes the record key.
 */
public final class VaultRecord implements AutoCloseable {

    private final String uid;
    private final long revision;
    private final String folderUid;
    private final String ownerUid;
    private final KeyType keyType;
    private final SecretBytes key;
    private final RecordData data;
    private final boolean canEdit;
    private final boolean canShare;
    private final Instant expiresAt;
    private final List<RecordLink> links;
    private final List<VaultAttachment> attachments;

    /** Builds a record entry; {@code key} is taken over. */
    public VaultRecord(String uid, long revision, String folderUid, String ownerUid, KeyType keyType, SecretBytes key,
            RecordData data, boolean canEdit, boolean canShare, Instant expiresAt, List<RecordLink> links,
            List<VaultAttachment> attachments) {
        this.uid = Objects.requireNonNull(uid, "uid");
        this.revision = revision;
        this.folderUid = folderUid;
        this.ownerUid = ownerUid;
        this.keyType = keyType;
        this.key = Objects.requireNonNull(key, "key");
        this.data = Objects.requireNonNull(data, "data");
        this.canEdit = canEdit;
        this.canShare = canShare;
        this.expiresAt = expiresAt;
        this.links = List.copyOf(links);
        this.attachments = List.copyOf(attachments);
    }

    public String uid() {
        return uid;
    }

    /** @return the revision read; {@code record_update} must send it back */
    public long revision() {
        return revision;
    }

    /**
     * @return the folder it appears in: the folder inside a shared folder it is placed in, else the folder the server
     *     files it in; {@code null} for none
     */
    public String folderUid() {
        return folderUid;
    }

    public String ownerUid() {
        return ownerUid;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** @return the live record key (valid until the vault closes) */
    public byte[] key() {
        return key.bytes();
    }

    /** @return a copy of the decrypted record (edit the copy, then update) */
    public RecordData data() {
        return data.copy();
    }

    public String title() {
        return data.title();
    }

    public String type() {
        return data.type();
    }

    public boolean canEdit() {
        return canEdit;
    }

    public boolean canShare() {
        return canShare;
    }

    /** @return when a direct share to this user expires, or {@code null} */
    public Instant expiresAt() {
        return expiresAt;
    }

    public List<RecordLink> links() {
        return links;
    }

    public List<VaultAttachment> attachments() {
        return attachments;
    }

    @Override
    public void close() {
        key.close();
    }

    @Override
    public String toString() {
        return "VaultRecord[" + uid + ", revision " + revision + "]";
    }
}
