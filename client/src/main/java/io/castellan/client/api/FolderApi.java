package io.castellan.client.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.client.crypto.FolderCrypto;
import io.castellan.client.crypto.KeyType;
import io.castellan.client.crypto.KeyWrap;
import io.castellan.client.vault.FolderKind;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.Optional;

/**
 * Folder commands: {@code folder_add} (a fresh folder key, the name encrypted under it), {@code folder_update} and
 * {@code folder_delete}.
 *
 * <p>A user or shared folder has its name AES-GCM under its key and its key wrapped with the creator's data key. A
 * folder whose parent is a shared folder or inside one is a folder inside that shared folder (Keeper's "shared folder
 * folder"): its key is AES-CBC-wrapped with the shared folder's key and its name AES-CBC under its own key, the format
 * Keeper's SDKs read, so every member and every application granted the shared folder sees it. Shared folders do not
 * nest.
 */
public final class FolderApi {

    private final ApiSession session;

    /** @param session the signed-in session */
    public FolderApi(ApiSession session) {
        this.session = session;
    }

    /**
     * @param vault the user's vault
     * @param name the new folder's name (no {@code /})
     * @param kind user or shared folder
     * @param parent the parent folder, or {@code null} for the root
     * @return the new folder's UID
     */
    public String add(Vault vault, String name, FolderKind kind, VaultFolder parent) {
        requireName(name);
        String parentUid = parent == null ? null : parent.uid();
        Optional<VaultFolder> shared = parent == null ? Optional.empty() : vault.sharedFolderFor(parent.uid());
        if (shared.isPresent() && kind == FolderKind.SHARED) {
            String where = parentUid.equals(shared.get().uid()) ? vault.pathOf(parentUid) + " is a shared folder"
                    : vault.pathOf(parentUid) + " is inside shared folder " + vault.pathOf(shared.get().uid());
            throw new CastellanException(ErrorCode.BAD_REQUEST, "shared folders cannot nest: " + where
                    + "; make a folder (-uf) there, or the shared folder elsewhere");
        }
        if (vault.childFolders(parentUid).stream().anyMatch(f -> f.name().equals(name))) {
            throw new CastellanException(ErrorCode.CONFLICT, "a folder named " + name + " already exists in "
                    + vault.pathOf(parentUid));
        }
        String uid = Uids.newUid();
        try (SecretBytes folderKey = FolderCrypto.newFolderKey()) {
            ObjectNode request = Wire.object().put("uid", uid).put("kind", kind.wire());
            if (shared.isPresent()) {
                request.put("data", Wire.b64(FolderCrypto.encryptNameCbc(name, folderKey.bytes())))
                        .put("folderKey", Wire.b64(KeyWrap.withSharedFolderKeyCbc(shared.get().key(),
                                folderKey.bytes())))
                        .put("keyType", KeyType.SHARED_FOLDER_KEY.wire()).put("kind", FolderKind.USER.wire());
            } else {
                request.put("data", Wire.b64(FolderCrypto.encryptName(name, folderKey.bytes())))
                        .put("folderKey", Wire.b64(KeyWrap.withDataKey(vault.keyring(), folderKey.bytes())))
                        .put("keyType", KeyType.DATA_KEY.wire());
            }
            if (parentUid != null) {
                request.put("parentUid", parentUid);
            }
            session.call("folder_add", request);
            return uid;
        }
    }

    /** Renames a folder inside a shared folder (its new name AES-CBC under its key). */
    public void rename(Vault vault, VaultFolder folder, String name) {
        requireName(name);
        if (folder.kind() != FolderKind.SHARED_FOLDER_FOLDER) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "only folders inside a shared folder can be renamed");
        }
        String parentUid = vault.parentOf(folder);
        if (vault.childFolders(parentUid).stream().anyMatch(f -> f.name().equals(name) && f != folder)) {
            throw new CastellanException(ErrorCode.CONFLICT, "a folder named " + name + " already exists in "
                    + vault.pathOf(parentUid));
        }
        session.call("folder_update", Wire.object().put("uid", folder.uid())
                .put("data", Wire.b64(FolderCrypto.encryptNameCbc(name, folder.key()))));
    }

    /** Deletes an empty folder (the server refuses one that still holds records or folders). */
    public void delete(String uid) {
        delete(uid, false);
    }

    /**
     * Deletes a folder; {@code deleteContents} (folders inside a shared folder only) deletes the folders below it and
     * the records in them too.
     */
    public void delete(String uid, boolean deleteContents) {
        ObjectNode request = Wire.object().put("uid", uid);
        if (deleteContents) {
            request.put("deleteContents", true);
        }
        session.call("folder_delete", request);
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "a folder name must be non-empty and contain no '/'");
        }
    }
}
