package io.castellan.store;

import java.time.Instant;

/**
 * A row of {@code applications}: a Secrets Manager application.
 *
 * @param encryptedAppKey  the app key wrapped with the owner's data key (AES-GCM)
 * @param encryptedAppData {@code {"title","type":"app"}} AES-GCM under the app key
 */
public record StoredApplication(String uid, String ownerUid, byte[] encryptedAppKey, byte[] encryptedAppData,
        Instant createdAt, Instant updatedAt) {
}
