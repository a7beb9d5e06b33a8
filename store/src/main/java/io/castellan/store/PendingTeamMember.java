package io.castellan.store;

/**
 * A team membership still waiting for the team key: an administrator's client that holds the team key seals it to
 * {@code userPublicKey} to complete it ({@code null} while the user has no keys: an invited user).
 */
public record PendingTeamMember(String teamUid, String teamName, String userUid, String email, byte[] userPublicKey) {
}
