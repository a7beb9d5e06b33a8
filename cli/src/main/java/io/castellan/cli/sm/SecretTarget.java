package io.castellan.cli.sm;

import io.castellan.client.sm.GrantKind;
import io.castellan.client.vault.FolderKind;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.client.vault.VaultRecord;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.Optional;

/**
 * What {@code --secret} names: a record or a shared folder of the user's vault, given as a UID or a path, with the
 * key a grant wraps. Only records and <em>shared</em> folders can be granted: the records of a user folder have
 * their keys wrapped with the owner's data key, which no device can open.
 *
 * @param uid the record or folder UID
 * @param kind record or folder
 * @param label how to name it to the user (a record's title, a folder's path)
 * @param key the record key or shared folder key (live: valid while the vault is open)
 */
record SecretTarget(String uid, GrantKind kind, String label, byte[] key) {

    /**
     * @param vault the user's vault
     * @param text a record or folder UID, a folder path, or a record path {@code FOLDER/TITLE}
     * @return the target
     * @throws CastellanException {@link ErrorCode#NOT_FOUND} when nothing has that name; {@link ErrorCode#BAD_REQUEST}
     *     for the root, a user folder, or a path naming both a folder and a record
     */
    static SecretTarget resolve(Vault vault, String text) {
        Located found = locate(vault, text);
        if (found.folder() != null) {
            return folder(vault, found.folder());
        }
        if (found.record() != null) {
            return record(found.record());
        }
        throw new CastellanException(ErrorCode.NOT_FOUND, "no record or shared folder " + text
                + " in your vault (give a UID or a path)");
    }

    /**
     * The UID to remove a grant by: that of the record or folder the text names, else the text itself when it is a
     * UID (a grant outlives the user's view of its subject).
     */
    static String uidForRemoval(Vault vault, String text) {
        Located found = locate(vault, text);
        if (found.folder() != null) {
            return found.folder().uid();
        }
        if (found.record() != null) {
            return found.record().uid();
        }
        if (Uids.isValid(text)) {
            return text;
        }
        throw new CastellanException(ErrorCode.NOT_FOUND, "no record or folder " + text
                + " in your vault (give a UID or a path)");
    }

    /** A folder or a record (or neither), never both. */
    private record Located(VaultFolder folder, VaultRecord record) {
    }

    private static Located locate(Vault vault, String text) {
        Optional<VaultFolder> byUid = vault.folder(text);
        if (byUid.isPresent()) {
            return new Located(byUid.get(), null);
        }
        Optional<VaultRecord> recordByUid = vault.record(text);
        if (recordByUid.isPresent()) {
            return new Located(null, recordByUid.get());
        }
        String path = text == null ? "" : text.strip();
        if (path.isEmpty() || path.chars().allMatch(c -> c == '/')) {
            throw new CastellanException(ErrorCode.BAD_REQUEST,
                    "the vault root cannot be granted; name a record or a shared folder");
        }
        VaultFolder folder = orNull(() -> vault.resolveFolder(path).orElse(null));
        VaultRecord record = orNull(() -> vault.resolveRecord(path));
        if (folder != null && record != null) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, path + " names both a folder (" + folder.uid()
                    + ") and a record (" + record.uid() + "); use the UID");
        }
        return new Located(folder, record);
    }

    private static SecretTarget folder(Vault vault, VaultFolder folder) {
        String label = vault.pathOf(folder.uid());
        if (folder.kind() == FolderKind.SHARED_FOLDER_FOLDER) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "folder " + label + " (" + folder.uid()
                    + ") is inside a shared folder; grant the shared folder (the application then sees the folders"
                    + " inside it)");
        }
        if (!folder.isShared()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "folder " + label + " (" + folder.uid()
                    + ") is a user folder; only records and shared folders can be granted to an application"
                    + " (create one with 'mkdir -sf')");
        }
        return new SecretTarget(folder.uid(), GrantKind.FOLDER, label, folder.key());
    }

    private static SecretTarget record(VaultRecord record) {
        if (!record.canShare()) {
            throw new CastellanException(ErrorCode.FORBIDDEN, "you may not share record " + record.title() + " ("
                    + record.uid() + "), so you cannot grant it to an application");
        }
        return new SecretTarget(record.uid(), GrantKind.RECORD, record.title(), record.key());
    }

    private static <T> T orNull(java.util.function.Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (CastellanException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "SecretTarget[" + kind.wire() + " " + uid + "]";
    }
}
