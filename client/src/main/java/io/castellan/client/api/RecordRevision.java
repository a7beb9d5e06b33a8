package io.castellan.client.api;

import io.castellan.model.record.RecordData;
import java.time.Instant;

/**
 * One older revision of a record, decrypted with the record's (unchanged) key.
 *
 * @param revision the revision number
 * @param data the record as it was
 * @param modifiedAt when it was written, or {@code null} if the server did not say
 */
public record RecordRevision(long revision, RecordData data, Instant modifiedAt) {
}
