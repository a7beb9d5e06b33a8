package io.castellan.sdk;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CryptoException;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.FieldLabels;
import io.castellan.model.record.RecordData;
import java.util.List;
import java.util.Optional;

/**
 * A record shared with the device's application, decrypted.
 *
 * <p>{@link #data()} is the live, mutable record (Keeper's JSON v3, unknown properties kept): change it and pass this
 * object to {@link SecretsManager#updateSecret}. The record key that encrypts it stays inside the SDK, and
 * {@link #toString()} shows the UID, type and revision only, never a value. After an update the server's revision
 * moves on; fetch the record again before updating it a second time.
 */
public final class Secret {

    private final String uid;
    private final long revision;
    private final boolean editable;
    private final String folderUid;
    private final String innerFolderUid;
    /** The record as decrypted, possibly shared with other calls' Secrets (the SDK's cache): never changed. */
    private final RecordData shared;
    /** This Secret's own copy, made when {@link #data()} first hands it out (callers may change it). */
    private RecordData own;
    private final List<SecretFile> files;
    private final byte[] recordKey;
    private final RecordData pendingData;

    Secret(String uid, long revision, boolean editable, String folderUid, String innerFolderUid, RecordData data,
           List<SecretFile> files, byte[] recordKey) {
        this(uid, revision, editable, folderUid, innerFolderUid, data, files, recordKey, null);
    }

    Secret(String uid, long revision, boolean editable, String folderUid, String innerFolderUid, RecordData data,
           List<SecretFile> files, byte[] recordKey, RecordData pendingData) {
        this(uid, revision, editable, folderUid, innerFolderUid, data, false, files, recordKey, pendingData);
    }

    /**
     * @param dataIsShared whether {@code data} is read by others too (a cached record): then it is copied the first
     *     time {@link #data()} hands it out; otherwise it is this Secret's own
     */
    Secret(String uid, long revision, boolean editable, String folderUid, String innerFolderUid, RecordData data,
           boolean dataIsShared, List<SecretFile> files, byte[] recordKey, RecordData pendingData) {
        this.pendingData = pendingData;
        this.own = dataIsShared ? null : data;
        this.uid = uid;
        this.revision = revision;
        this.editable = editable;
        this.folderUid = folderUid;
        this.innerFolderUid = innerFolderUid;
        this.shared = data;
        this.files = List.copyOf(files);
        this.recordKey = recordKey;
    }

    /** @return the record UID (22 characters of web-safe base64) */
    public String uid() {
        return uid;
    }

    /** @return the revision this copy was read at; {@code update_secret} sends it back */
    public long revision() {
        return revision;
    }

    /** @return whether the application may update the record */
    public boolean isEditable() {
        return editable;
    }

    /** @return the shared folder the record was shared through, or empty for a record shared directly */
    public Optional<String> folderUid() {
        return Optional.ofNullable(folderUid);
    }

    /** @return the sub-folder holding the record inside its shared folder, if any */
    public Optional<String> innerFolderUid() {
        return Optional.ofNullable(innerFolderUid);
    }

    /** @return the live record data: this Secret's own copy, which the caller may change */
    public synchronized RecordData data() {
        if (own == null) {
            own = shared.copy();
        }
        return own;
    }

    /** What the read-only accessors read: the own copy once there is one (it may have been changed). */
    private synchronized RecordData current() {
        return own != null ? own : shared;
    }

    /** @return the title */
    public String title() {
        return current().title();
    }

    /** @return the record type, e.g. {@code login} or {@code pamUser} */
    public String type() {
        return current().type();
    }

    /** @return the first value of the first {@code password} field */
    public Optional<String> password() {
        return current().firstValue("password", null);
    }

    /** @return the attached files */
    public List<SecretFile> files() {
        return files;
    }

    byte[] recordKey() {
        return recordKey;
    }

    /**
     * Castellan extension: the data of a rotation this application left pending (written with
     * {@link TransactionType#ROTATION} and neither finalized nor rolled back), when it was read with
     * {@link SecretsManager#getSecretsWithPending}; else empty.
     *
     * @return the pending record data
     */
    public Optional<RecordData> pendingData() {
        return Optional.ofNullable(pendingData);
    }

    /**
     * Opens a value sealed AES-256-GCM under this record's key by a vault user (for example the rotation settings
     * the server stores but must not read). The caller wipes the answer.
     *
     * @param sealed nonce, ciphertext and tag
     * @return the plaintext
     * @throws CastellanException (bad request) when it does not open under this key
     */
    public byte[] openSealed(byte[] sealed) {
        try {
            return Aes256Gcm.decrypt(recordKey, sealed);
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST,
                    "a value sealed for record " + uid + " does not open under its key");
        }
    }

    @Override
    public String toString() {
        return "Secret[" + uid + ", type=" + FieldLabels.printable(type())
                + ", revision=" + revision + "]";
    }
}
