package io.castellan.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A row of {@code users}.
 *
 * @param email               normalised to lower case; unique regardless of case
 * @param keys                empty while the user is {@link UserStatus#INVITED}
 * @param totpSecretEncrypted the second-factor secret, encrypted; empty when TOTP is not set up
 */
public record User(String uid, String email, UserStatus status, boolean admin, Optional<UserKeys> keys,
        Optional<byte[]> totpSecretEncrypted, Instant createdAt, Instant updatedAt) {
}
