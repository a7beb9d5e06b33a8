package io.castellan.sdk;

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
    private final RecordData data;
    private final List<SecretFile> files;
    private final byte[] recordKey;

    Secret(String uid, long revision, boolean editable, String folderUid, String innerFolderUid, RecordData data,
           List<SecretFile> files, byte[] recordKey) {
        this.uid = uid;
        this.revision = revision;
        this.editable = editable;
        this.folderUid = folderUid;
        this.innerFolderUid = innerFolderUid;
        this.data = data;
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

    /** @return the live record data */
    public RecordData data() {
        return data;
    }

    /** @return the title */
    public String title() {
        return data.title();
    }

    /** @return the record type, e.g. {@code login} or {@code pamUser} */
    public String type() {
        return data.type();
    }

    /** @return the first value of the first {@code password} field */
    public Optional<String> password() {
        return data.firstValue("password", null);
    }

    /** @return the attached files */
    public List<SecretFile> files() {
        return files;
    }

    byte[] recordKey() {
        return recordKey;
    }

    @Override
    public String toString() {
        return "Secret[" + uid + ", type=" + FieldLabels.printable(type())
                + ", revision=" + revision + "]";
    }
}
