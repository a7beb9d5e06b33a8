package io.castellan.server.api;

/**
 * The user behind a request with a valid session.
 *
 * @param userUid   the user's UID
 * @param email     the user's email (lower case)
 * @param admin     whether the user is an administrator
 * @param sessionId an identifier of the session safe to log and audit (not the token, not its hash)
 */
public record Caller(String userUid, String email, boolean admin, String sessionId) {
}
