package io.castellan.client.api;

import java.util.List;

/**
 * A team as {@code enterprise_team_list} shows it to an administrator.
 *
 * @param publicKey           the team's raw public key, or {@code null} while the team has no keys
 * @param encryptedPrivateKey the team's private key under the team key, or {@code null}
 * @param adminTeamKey        the caller's own copy of the team key (sealed to them), or {@code null} when they hold
 *                            none
 */
public record EnterpriseTeam(String teamUid, String name, byte[] publicKey, byte[] encryptedPrivateKey,
        byte[] adminTeamKey, List<Member> members) {

    /**
     * A member of the team.
     *
     * @param pending   the member does not hold the team key yet (sees none of the team's folders)
     * @param publicKey the member's public key when pending (to seal the team key to), else {@code null}
     */
    public record Member(String userUid, String email, boolean pending, byte[] publicKey) {
    }

    /** @return whether the team has its key pair */
    public boolean hasKeys() {
        return publicKey != null;
    }
}
