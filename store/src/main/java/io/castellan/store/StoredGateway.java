package io.castellan.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A row of {@code gateways}: a Secrets Manager client of kind gateway, as users see it.
 *
 * @param uid        the gateway's UID ({@code pam gateway list})
 * @param clientId   its device's client id ({@code devices.client_id})
 * @param createdBy  the user UID who added it
 * @param lastSeenAt when it was last connected (kept after its socket closed)
 */
public record StoredGateway(String uid, String clientId, String appUid, String name, String createdBy,
        Instant createdAt, Optional<Instant> lastSeenAt) {
}
