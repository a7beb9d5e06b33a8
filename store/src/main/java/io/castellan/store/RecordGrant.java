package io.castellan.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One way a user reaches a live record: a {@link HolderKind#USER} key row of theirs (they own the record, or it was
 * shared with them directly) or a {@link HolderKind#FOLDER} key row of a shared folder they are a member of. A user
 * may reach a record both ways; the caller merges the grants.
 *
 * @param via                how: {@code USER} (own key row) or {@code FOLDER} (shared folder membership)
 * @param encryptedRecordKey the wrapped record key of that path
 * @param canEdit            the key row's (USER) or the membership's (FOLDER) edit permission
 * @param canShare           the key row's (USER) or the membership's (FOLDER) share permission
 * @param manageRecords      FOLDER only: the member may add, remove and move records of the folder
 * @param expiresAt          USER only: when a time-limited direct share ends
 */
public record RecordGrant(StoredRecord record, HolderKind via, byte[] encryptedRecordKey, boolean canEdit,
        boolean canShare, boolean manageRecords, Optional<Instant> expiresAt) {
}
