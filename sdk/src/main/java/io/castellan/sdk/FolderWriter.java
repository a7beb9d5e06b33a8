package io.castellan.sdk;

import io.castellan.crypto.Aes256Cbc;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Uids;
import io.castellan.model.json.Json;
import io.castellan.model.ksm.CreateFolderRequest;
import io.castellan.model.ksm.DeleteFolderRequest;
import io.castellan.model.ksm.DeleteFolderResponse;
import io.castellan.model.ksm.KsmEndpoint;
import io.castellan.model.ksm.UpdateFolderRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The folder-changing calls (ksm-protocol.md §3), encrypted as Keeper's SDKs encrypt them: a new sub-folder's key is
 * <b>AES-CBC</b> under its shared folder's key and its {@code {"name":…}} AES-CBC under its own key, both sent as
 * <b>web-safe</b> base64 ({@code create_folder} {@code sharedFolderKey} and {@code data}, {@code update_folder}
 * {@code data}), exactly as Keeper's Java and JS SDKs send them.
 */
final class FolderWriter {

    private final DeviceCalls calls;
    private final FolderReader folders;

    FolderWriter(DeviceCalls calls, FolderReader folders) {
        this.calls = calls;
        this.folders = folders;
    }

    /**
     * @param parentUid a shared folder or one of its sub-folders
     * @param name the new folder's name
     * @return the new folder's UID
     */
    String create(String parentUid, String name) {
        RecordWriter.requireUid(parentUid);
        FolderTree tree = FolderTree.of(folders.get());
        SecretFolder shared = tree.sharedFolderOf(parentUid);
        String uid = Uids.newUid();
        try (SecretBytes folderKey = SecretBytes.random(32)) {
            calls.send(KsmEndpoint.CREATE_FOLDER, new CreateFolderRequest(calls.clientVersion(), calls.clientId(),
                    uid, shared.uid(), Base64s.encodeWebSafe(Aes256Cbc.encrypt(shared.folderKey(), folderKey.bytes())),
                    encryptedName(folderKey.bytes(), name), parentUid.equals(shared.uid()) ? null : parentUid));
        }
        return uid;
    }

    void update(String folderUid, String name) {
        RecordWriter.requireUid(folderUid);
        SecretFolder folder = FolderTree.of(folders.get()).get(folderUid);
        calls.send(KsmEndpoint.UPDATE_FOLDER, new UpdateFolderRequest(calls.clientVersion(), calls.clientId(),
                folderUid, encryptedName(folder.folderKey(), name)));
    }

    DeleteFolderResponse delete(List<String> folderUids, boolean force) {
        folderUids.forEach(RecordWriter::requireUid);
        return calls.call(KsmEndpoint.DELETE_FOLDER, new DeleteFolderRequest(calls.clientVersion(), calls.clientId(),
                List.copyOf(folderUids), force), DeleteFolderResponse.class);
    }

    private static String encryptedName(byte[] folderKey, String name) {
        byte[] json = Json.newMapper().createObjectNode().put("name", Objects.requireNonNull(name, "name"))
                .toString().getBytes(StandardCharsets.UTF_8);
        return Base64s.encodeWebSafe(Aes256Cbc.encrypt(folderKey, json));
    }
}
