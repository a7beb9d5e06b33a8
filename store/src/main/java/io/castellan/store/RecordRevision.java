package io.castellan.store;

import java.time.Instant;

/**
 * A superseded revision of a record, from {@code record_history}.
 *
 * @param createdAt when this revision was written (not when it was superseded)
 */
public record RecordRevision(String recordUid, long revision, byte[] encryptedData, Instant createdAt) {
}
