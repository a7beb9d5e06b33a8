package io.castellan.sdk;

import io.castellan.crypto.Aes256Cbc;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.ksm.GetFoldersRequest;
import io.castellan.model.ksm.GetFoldersResponse;
import io.castellan.model.ksm.KsmEndpoint;
import io.castellan.model.ksm.ResponseFolder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code get_folders} (ksm-protocol.md §3): a shared folder's key is AES-GCM under the application key; a sub-folder's
 * key is <b>AES-CBC</b> under its <em>shared folder's</em> key (found by walking up the parents), and every folder's
 * {@code data} ({@code {"name":…}}) is AES-CBC under the folder's own key. Shared folders are decrypted first, so the
 * server may list folders in any order; a parent chain that loops or ends nowhere fails the call.
 */
final class FolderReader {

    private final DeviceCalls calls;

    FolderReader(DeviceCalls calls) {
        this.calls = calls;
    }

    List<SecretFolder> get() {
        GetFoldersResponse answer = calls.call(KsmEndpoint.GET_FOLDERS,
                new GetFoldersRequest(calls.clientVersion(), calls.clientId()), GetFoldersResponse.class);
        List<ResponseFolder> folders = answer.folders() == null ? List.of() : answer.folders();
        Map<String, ResponseFolder> byUid = new HashMap<>();
        folders.forEach(f -> byUid.put(f.folderUid(), f));
        Map<String, byte[]> sharedKeys = new HashMap<>();
        List<SecretFolder> out = new ArrayList<>();
        byte[] appKey = calls.state().appKey();
        try {
            for (ResponseFolder f : folders) {
                if (f.parent() == null) {
                    byte[] key = ResponseDecoder.unwrap(appKey, f.folderKey(), "the key of folder " + f.folderUid());
                    sharedKeys.put(f.folderUid(), key);
                    out.add(new SecretFolder(f.folderUid(), null, name(f, key), key));
                }
            }
        } finally {
            Wipe.wipe(appKey);
        }
        for (ResponseFolder f : folders) {
            if (f.parent() != null) {
                byte[] key = cbc(sharedKeys.get(root(f, byUid)), f.folderKey(), "the key of folder " + f.folderUid());
                out.add(new SecretFolder(f.folderUid(), f.parent(), name(f, key), key));
            }
        }
        return out;
    }

    /** The UID of the shared folder at the top of {@code folder}'s parent chain. */
    private static String root(ResponseFolder folder, Map<String, ResponseFolder> byUid) {
        ResponseFolder current = folder;
        for (int hops = 0; hops <= byUid.size(); hops++) {
            ResponseFolder parent = byUid.get(current.parent());
            if (parent == null) {
                break;
            }
            if (parent.parent() == null) {
                return parent.folderUid();
            }
            current = parent;
        }
        throw new CastellanException(ErrorCode.INTERNAL,
                "folder " + folder.folderUid() + " has no shared folder above it in the get_folders answer");
    }

    private static String name(ResponseFolder f, byte[] key) {
        if (f.data() == null) {
            return "";
        }
        return ResponseDecoder.json(cbc(key, f.data(), "the name of folder " + f.folderUid()),
                "the name of folder " + f.folderUid()).path("name").asText("");
    }

    private static byte[] cbc(byte[] key, String b64, String what) {
        if (key == null || b64 == null) {
            throw new CastellanException(ErrorCode.INTERNAL, what + " is missing from the server's answer");
        }
        try {
            return Aes256Cbc.decrypt(key, Base64s.decode(b64));
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.INTERNAL, what + " does not decrypt (wrong key or corrupt data)");
        }
    }
}
