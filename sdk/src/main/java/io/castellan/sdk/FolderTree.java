package io.castellan.sdk;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Looks folders up by UID and finds the shared folder at the top of a sub-folder's chain. */
final class FolderTree {

    private final Map<String, SecretFolder> byUid = new HashMap<>();

    private FolderTree(List<SecretFolder> folders) {
        folders.forEach(f -> byUid.put(f.uid(), f));
    }

    static FolderTree of(List<SecretFolder> folders) {
        return new FolderTree(folders);
    }

    SecretFolder get(String uid) {
        SecretFolder folder = byUid.get(uid);
        if (folder == null) {
            throw new CastellanException(ErrorCode.NOT_FOUND, "folder " + uid + " is not shared with this application");
        }
        return folder;
    }

    SecretFolder sharedFolderOf(String uid) {
        SecretFolder current = get(uid);
        for (int hops = 0; hops <= byUid.size() && !current.isSharedFolder(); hops++) {
            current = get(current.parentUid().orElseThrow());
        }
        if (!current.isSharedFolder()) {
            throw new CastellanException(ErrorCode.INTERNAL, "folder " + uid + " has no shared folder above it");
        }
        return current;
    }
}
