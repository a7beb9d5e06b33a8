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

/**
 * Folder commands: {@code folder_add} (a fresh folder key, the name encrypted under it, the key wrapped with the
 * creator's data key) and {@code folder_delete}.
 *
 * <p>{@code docs/api.md} defines only {@code data_key} and {@code public_key} wrapping for folder keys, so a folder
 * inside a shared folder (whose members would need its key) and a shared folder inside a shared folder are refused
 * here rather than created unreadable for the other members.
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
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "a folder name must be non-empty and contain no '/'");
        }
        if (parent != null && vault.sharedFolderFor(parent.uid()).isPresent()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "folders inside a shared folder are not supported"
                    + " yet; create the folder elsewhere");
        }
        String parentUid = parent == null ? null : parent.uid();
        if (vault.childFolders(parentUid).stream().anyMatch(f -> f.name().equals(name))) {
            throw new CastellanException(ErrorCode.CONFLICT, "a folder named " + name + " already exists in "
                    + vault.pathOf(parentUid));
        }
        String uid = Uids.newUid();
        try (SecretBytes folderKey = FolderCrypto.newFolderKey()) {
            ObjectNode request = Wire.object().put("uid", uid).put("kind", kind.wire())
                    .put("data", Wire.b64(FolderCrypto.encryptName(name, folderKey.bytes())))
                    .put("folderKey", Wire.b64(KeyWrap.withDataKey(vault.keyring(), folderKey.bytes())))
                    .put("keyType", KeyType.DATA_KEY.wire());
            if (parentUid != null) {
                request.put("parentUid", parentUid);
            }
            session.call("folder_add", request);
            return uid;
        }
    }

    /** Deletes an empty folder (the server refuses one that still holds records or folders). */
    public void delete(String uid) {
        session.call("folder_delete", Wire.object().put("uid", uid));
    }
}
