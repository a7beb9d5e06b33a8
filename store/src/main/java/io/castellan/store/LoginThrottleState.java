package io.castellan.store;

import java.time.Instant;

/**
 * A row of {@code login_throttle}: failed logins of one account or one source address.
 *
 * @param subjectHash  keyed hash naming the account or address (never the raw e-mail or address)
 * @param failures     failures counted so far
 * @param blockedUntil attempts before this instant are refused
 * @param locked       the account is locked until an administrator re-enables it
 */
public record LoginThrottleState(String subjectHash, long failures, Instant lastFailureAt, Instant blockedUntil,
        boolean locked) {
}
