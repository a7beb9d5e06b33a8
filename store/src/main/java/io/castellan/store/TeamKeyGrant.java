package io.castellan.store;

/**
 * What a team member needs to open the folders shared with the team: the team's key pair and the team key sealed to
 * the member ({@code encryptedTeamKey}). Only memberships that hold a key appear (pending ones open nothing).
 */
public record TeamKeyGrant(String teamUid, String name, TeamKeyPair keyPair, byte[] encryptedTeamKey) {
}
