package io.castellan.store;

import java.time.Instant;

/**
 * A row of {@code app_members}: a user the application is shared with.
 *
 * @param encryptedAppKey the app key sealed (ECIES) to the member's public key
 */
public record AppMember(String appUid, String userUid, AppRole role, byte[] encryptedAppKey, Instant createdAt) {
}
