package io.castellan.store;

import java.time.Instant;

/**
 * An open invitation of an {@link UserStatus#INVITED} user: only the hash of the code is kept.
 *
 * @param codeHash  SHA-256 of the invitation code
 * @param expiresAt the code is refused from this instant on
 */
public record UserInvite(String userUid, byte[] codeHash, Instant expiresAt) {
}
