package io.castellan.store;

import java.time.Instant;

/**
 * A row of {@code sm_pending_updates}: a rotation's new record data, not yet the record's current data.
 *
 * @param baseRevision the record revision the device read when it started the rotation
 */
public record PendingUpdate(String recordUid, String appUid, String clientId, long baseRevision,
        byte[] encryptedData, Instant createdAt, Instant updatedAt) {
}
