package io.castellan.store;

import java.util.Optional;

/**
 * A live record of a shared folder an application was granted, as a device reads it.
 *
 * @param folderUid          the granted shared folder
 * @param folderWrappedKey   the record key wrapped with the shared folder's key
 * @param subFolderUid       the device sub-folder the record sits in, if any
 */
public record AppFolderRecord(String folderUid, StoredRecord record, byte[] folderWrappedKey,
        Optional<String> subFolderUid) {
}
