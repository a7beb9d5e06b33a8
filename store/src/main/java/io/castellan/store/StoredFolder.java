package io.castellan.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A row of {@code folders}. The folder's name is inside {@code encryptedData}, under the folder key the server never
 * holds.
 *
 * @param ownerUid  the user who created it
 * @param parentUid the folder it sits in (always one of the owner's user folders), or empty for the owner's root
 */
public record StoredFolder(String uid, FolderKind kind, String ownerUid, Optional<String> parentUid,
        byte[] encryptedData, Instant createdAt, Instant updatedAt) {
}
