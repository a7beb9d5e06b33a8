package io.castellan.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Where delivery to one sink or alert rule stands: {@code lastSeq} is the last audit event the target accepted;
 * the last error (a safe one-line message) and when; the last success; and which server node holds the delivery
 * lease until when.
 */
public record DeliveryCursor(String target, long lastSeq, Optional<String> lastError, Optional<Instant> lastErrorAt,
        Optional<Instant> lastSuccessAt, Optional<String> leaseOwner, Optional<Instant> leaseUntil) {
}
