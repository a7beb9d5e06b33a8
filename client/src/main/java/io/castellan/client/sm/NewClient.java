package io.castellan.client.sm;

import java.time.Instant;
import java.util.Objects;

/**
 * What to ask of {@code app_client_add}, besides the keys.
 *
 * @param name the client's name
 * @param kind device or gateway
 * @param lockIp lock the device to the IP address of its first request
 * @param firstAccessExpiresAt when the unused one-time token stops working
 * @param accessExpiresAt when the device stops working, or {@code null} for never
 */
public record NewClient(String name, ClientKind kind, boolean lockIp, Instant firstAccessExpiresAt,
        Instant accessExpiresAt) {

    /** Checks the required parts. */
    public NewClient {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(firstAccessExpiresAt, "firstAccessExpiresAt");
    }
}
