package io.castellan.store;

/**
 * A team membership still waiting for the team key: an administrator's client that holds the team key seals it to
 * {@code userPublicKey} to complete it.
 */
public record PendingTeamMember(String teamUid, String teamName, String userUid, String email, byte[] userPublicKey) {
}
