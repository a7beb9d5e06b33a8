package io.castellan.store;

import java.time.Instant;

/**
 * A row of {@code sessions}. The bearer token itself is never stored, only its SHA-256 ({@code tokenHash}).
 *
 * @param uid        names the session in logs and audit events (not derived from the token)
 * @param sessionKey 32 random bytes handed to the client at login and again by {@code whoami}
 * @param expiresAt  the absolute end of the session; the idle timeout counts from {@code lastSeenAt}
 */
public record StoredSession(String uid, byte[] tokenHash, String userUid, byte[] sessionKey, Instant createdAt,
        Instant lastSeenAt, Instant expiresAt, boolean revoked) {

    @Override
    public String toString() {
        return "StoredSession[" + uid + ", user " + userUid + (revoked ? ", revoked" : "") + "]"; // no key material
    }
}
