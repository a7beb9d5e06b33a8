package io.castellan.client.api;

import io.castellan.client.crypto.KeyType;
import io.castellan.client.crypto.KeyWrap;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import java.util.Optional;

/**
 * Chooses how a record key is wrapped for the folder it goes into: {@code folder_key} under the nearest shared
 * folder's key when the folder is (inside) a shared folder, so every member can open it; {@code data_key} under the
 * user's own data key otherwise (the root or a private folder).
 *
 * @param keyType the key type to send
 * @param wrapped the wrapped record key
 */
record RecordKeys(KeyType keyType, byte[] wrapped) {

    static RecordKeys forFolder(Vault vault, VaultFolder folder, byte[] recordKey) {
        Optional<VaultFolder> shared = folder == null ? Optional.empty() : vault.sharedFolderFor(folder.uid());
        return shared.map(s -> new RecordKeys(KeyType.FOLDER_KEY, KeyWrap.withFolderKey(s.key(), recordKey)))
                .orElseGet(() -> new RecordKeys(KeyType.DATA_KEY, KeyWrap.withDataKey(vault.keyring(), recordKey)));
    }
}
