package io.castellan.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A row of {@code records}: an opaque encrypted record and the metadata the server needs to sync it. The server
 * never sees the record's type, title or fields.
 *
 * @param revision starts at 1 and grows by one on every change, including deletion
 * @param deleted  soft-deleted: kept (with its history) but no longer changeable
 */
public record StoredRecord(String uid, String ownerUid, Optional<String> folderUid, long revision,
        byte[] encryptedData, Instant createdAt, Instant updatedAt, boolean deleted) {
}
