package io.castellan.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A row of {@code record_keys}: the record key wrapped for one holder, with what that holder may do.
 *
 * @param expiresAt for a time-limited share: from then on the key is not served, and {@code deleteExpired} removes it
 */
public record RecordKey(String recordUid, HolderKind holderKind, String holderUid, byte[] encryptedRecordKey,
        boolean canEdit, boolean canShare, Optional<Instant> expiresAt) {
}
