package io.castellan.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A row of {@code devices}: a Secrets Manager client (device or gateway) of an application.
 *
 * @param clientId             standard base64 of HMAC-SHA512(one-time token, "KEEPER_SECRETS_MANAGER_CLIENT_ID")
 * @param publicKey            the device's raw P-256 public key, bound by its first request; empty until then
 * @param encryptedAppKey      the app key AES-GCM under the one-time token's client key
 * @param lockIp               whether requests must come from the address of the first request
 * @param lockedIp             that address, once bound with {@code lockIp}
 * @param firstAccessExpiresAt the one-time token is refused for binding after this
 * @param accessExpiresAt      every request is refused after this
 */
public record Device(String clientId, String appUid, DeviceKind kind, String name, Optional<byte[]> publicKey,
        byte[] encryptedAppKey, boolean lockIp, Optional<String> lockedIp, Optional<Instant> firstAccessExpiresAt,
        Optional<Instant> accessExpiresAt, Instant createdAt, Optional<Instant> lastSeenAt) {

    /** Whether the device has bound its public key. */
    public boolean bound() {
        return publicKey.isPresent();
    }

    @Override
    public String toString() {
        return "Device[" + name + ", app " + appUid + ", " + (bound() ? "bound" : "unbound") + "]";
    }
}
