package io.castellan.sdk.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Network settings shared by every request a device makes.
 *
 * @param tls how the server's certificate is trusted
 * @param connectTimeout the longest wait for a TCP/TLS connection
 * @param requestTimeout the longest wait for one response
 * @param throttle how {@code throttled} answers are retried
 * @param maxResponseBytes the largest API response accepted (a {@code get_secret} answer carries every record)
 * @param maxFileBytes the largest file download accepted
 * @param userAgent the {@code User-Agent} header
 */
public record TransportSettings(TlsTrust tls, Duration connectTimeout, Duration requestTimeout,
                                ThrottlePolicy throttle, long maxResponseBytes, long maxFileBytes, String userAgent) {

    /** Rejects nulls and non-positive limits. */
    public TransportSettings {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(userAgent, "userAgent");
        if (maxResponseBytes < 1 || maxFileBytes < 1) {
            throw new IllegalArgumentException("size limits must be positive");
        }
    }
}
