package io.castellan.server.vault;

import io.castellan.store.HolderKind;
import io.castellan.store.RecordGrant;
import io.castellan.store.StoredRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one user may do with one live record, merged from every path by which the user reaches it, and the key path
 * the user should use to open it.
 *
 * <p>Paths: the owner's own key row ({@code data_key}: all rights), a shared folder the record is filed in and the
 * user is a member of ({@code folder_key}: the membership's {@code canEdit}/{@code canShare}/{@code manageRecords};
 * all of the first two when the user owns the record), a direct share ({@code public_key}: the share's
 * {@code canEdit}/{@code canShare}, possibly expiring). Rights are the union over paths; the key offered is the
 * first of {@code data_key}, {@code folder_key}, {@code public_key} the user has (an owner whose own key row is
 * sealed to their public key, as for records a Secrets Manager device created, gets {@code folder_key} when they are
 * in the record's shared folder and {@code public_key} otherwise). {@code expiresAt} is set only when
 * the direct share is the user's one path (a folder or ownership path does not expire).
 *
 * @param owner         the user owns the record
 * @param manageRecords the user may manage records of the shared folder the record is filed in
 */
record RecordAccess(StoredRecord record, KeyType keyType, byte[] recordKey, boolean owner, boolean canEdit,
        boolean canShare, boolean manageRecords, Optional<Instant> expiresAt) {

    /**
     * Merges the grants of one record for {@code userUid}.
     *
     * @param grants the grants of a single record (all with the same record UID), possibly empty
     * @return the access, or empty when the user does not reach the record
     */
    static Optional<RecordAccess> merge(String userUid, List<RecordGrant> grants) {
        if (grants.isEmpty()) {
            return Optional.empty();
        }
        StoredRecord record = grants.get(0).record();
        boolean owner = record.ownerUid().equals(userUid);
        RecordGrant own = null;
        RecordGrant folder = null;
        RecordGrant direct = null;
        boolean canEdit = false;
        boolean canShare = false;
        boolean manageRecords = false;
        for (RecordGrant g : grants) {
            if (g.via() == HolderKind.USER && owner) {
                own = g;
                canEdit = true;
                canShare = true;
            } else if (g.via() == HolderKind.USER) {
                direct = g;
                canEdit |= g.canEdit();
                canShare |= g.canShare();
            } else if (g.via() == HolderKind.FOLDER) {
                folder = g;
                canEdit |= g.canEdit() || owner;
                canShare |= g.canShare() || owner;
                manageRecords |= g.manageRecords();
            }
        }
        if (own != null && !sealedToOwner(own)) {
            return Optional.of(new RecordAccess(record, KeyType.DATA_KEY, own.encryptedRecordKey(), owner, canEdit,
                    canShare, manageRecords, Optional.empty()));
        }
        if (folder != null) {
            return Optional.of(new RecordAccess(record, KeyType.FOLDER_KEY, folder.encryptedRecordKey(), owner,
                    canEdit, canShare, manageRecords, Optional.empty()));
        }
        if (own != null) {
            return Optional.of(new RecordAccess(record, KeyType.PUBLIC_KEY, own.encryptedRecordKey(), owner, canEdit,
                    canShare, manageRecords, Optional.empty()));
        }
        if (direct != null) {
            return Optional.of(new RecordAccess(record, KeyType.PUBLIC_KEY, direct.encryptedRecordKey(), owner,
                    canEdit, canShare, manageRecords, direct.expiresAt()));
        }
        return Optional.empty();
    }

    /**
     * Whether the owner's own key row holds the record key sealed (ECIES) to the owner's public key rather than
     * wrapped with the owner's data key: records a Secrets Manager device created (create_secret) carry such an
     * owner copy, since the device knows only the owner's public key. The two encodings differ in length (an
     * AES-GCM-wrapped 32-byte key is 60 bytes, a sealed one at least 125). The owner then opens the record through
     * the shared folder it is filed in, or else with that sealed copy ({@code public_key}).
     */
    private static boolean sealedToOwner(RecordGrant own) {
        return own.encryptedRecordKey().length >= VaultContext.SEALED_KEY_MIN_BYTES;
    }

    /**
     * The folder the record is filed in as this user sees it: a direct-share recipient does not see the owner's
     * folders, so for them it is empty.
     */
    Optional<String> visibleFolderUid() {
        return keyType == KeyType.PUBLIC_KEY && !owner ? Optional.empty() : record.folderUid();
    }

    String uid() {
        return record.uid();
    }
}
