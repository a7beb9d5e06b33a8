package io.castellan.client.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.client.crypto.TeamCrypto;
import io.castellan.client.keys.UserKeyring;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Team administration with team keys, on the administrator's client: creating a team makes its key pair and the
 * administrator's copy of the team key; adding a member seals the team key to them when the administrator holds it
 * (otherwise the member is pending); {@link #approve} completes pending members and gives keys to teams made
 * without. The server receives only sealed or encrypted keys.
 */
public final class TeamAdminApi {

    private final ApiSession session;
    private final UserKeyring admin;

    /**
     * @param session an administrator's session
     * @param admin the administrator's unlocked keys (not closed here)
     */
    public TeamAdminApi(ApiSession session, UserKeyring admin) {
        this.session = session;
        this.admin = admin;
    }

    /** What {@link #approve} did. */
    public record Approval(List<String> teamsKeyed, List<String> membersCompleted, List<String> skipped) {
    }

    /** Creates a team with fresh keys; returns its UID. */
    public String addTeam(String name) {
        try (TeamCrypto.NewTeamKeys keys = TeamCrypto.generate()) {
            ObjectNode request = Wire.object().put("name", name)
                    .put("publicKey", Wire.b64(keys.publicKey()))
                    .put("encryptedPrivateKey", Wire.b64(keys.encryptedPrivateKey()))
                    .put("adminTeamKey", Wire.b64(TeamCrypto.sealTeamKey(admin.publicKey(), keys.teamKey().bytes())));
            return Wire.text(session.call("enterprise_team_add", request), "teamUid");
        }
    }

    /** @return every team with its members and the caller's copy of each team key */
    public List<EnterpriseTeam> listTeams() {
        return Wire.array(session.call("enterprise_team_list", Wire.object()), "teams").stream()
                .map(TeamAdminApi::team).toList();
    }

    /**
     * Adds a user to a team, sealing the team key to them when this administrator holds it.
     *
     * @return true when the member holds the team key now, false when the membership is pending
     */
    public boolean addMember(String team, String email) {
        EnterpriseTeam found = find(team);
        ObjectNode request = Wire.object().put("team", found.teamUid()).put("email", email);
        Optional<byte[]> sealed = Optional.empty();
        if (found.hasKeys() && found.adminTeamKey() != null) {
            byte[] recipient = Wire.bytes(session.call("public_key", Wire.object().put("email", email)), "publicKey");
            sealed = Optional.of(sealFor(found, recipient));
            request.put("encryptedTeamKey", Wire.b64(sealed.get()));
        }
        session.call("enterprise_team_member", request);
        return sealed.isPresent();
    }

    /**
     * Gives keys to teams that have none (this administrator then holds their team key) and seals the team key to
     * every pending member of the teams whose key this administrator holds.
     */
    public Approval approve() {
        List<String> keyed = new ArrayList<>();
        List<String> completed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (EnterpriseTeam team : listTeams()) {
            if (!team.hasKeys()) {
                setKeys(team);
                keyed.add(team.name());
                team = find(team.teamUid());
            }
            for (EnterpriseTeam.Member m : team.members()) {
                if (m.pending() && m.publicKey() == null) {
                    skipped.add(team.name() + "/" + m.email() + ": has not registered yet");
                }
            }
            List<EnterpriseTeam.Member> pending = team.members().stream()
                    .filter(m -> m.pending() && m.publicKey() != null).toList();
            if (pending.isEmpty()) {
                continue;
            }
            if (team.adminTeamKey() == null) {
                skipped.add(team.name() + ": you hold no copy of the team key (an administrator who does must"
                        + " approve)");
                continue;
            }
            for (EnterpriseTeam.Member m : pending) {
                session.call("enterprise_team_member_key", Wire.object().put("team", team.teamUid())
                        .put("email", m.email()).put("encryptedTeamKey", Wire.b64(sealFor(team, m.publicKey()))));
                completed.add(team.name() + "/" + m.email());
            }
        }
        return new Approval(keyed, completed, skipped);
    }

    private void setKeys(EnterpriseTeam team) {
        try (TeamCrypto.NewTeamKeys keys = TeamCrypto.generate()) {
            session.call("enterprise_team_keys", Wire.object().put("team", team.teamUid())
                    .put("publicKey", Wire.b64(keys.publicKey()))
                    .put("encryptedPrivateKey", Wire.b64(keys.encryptedPrivateKey()))
                    .put("adminTeamKey", Wire.b64(TeamCrypto.sealTeamKey(admin.publicKey(),
                            keys.teamKey().bytes()))));
        }
    }

    /** Opens this administrator's copy of the team key and seals it to {@code recipient}. */
    private byte[] sealFor(EnterpriseTeam team, byte[] recipient) {
        byte[] teamKey = null;
        try {
            teamKey = TeamCrypto.openTeamKey(admin.privateKey(), team.adminTeamKey());
            // the copy must open the team's own private key, or members would get a key that opens nothing
            TeamCrypto.openPrivateKey(teamKey, team.encryptedPrivateKey(), team.publicKey());
            return TeamCrypto.sealTeamKey(recipient, teamKey);
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.STORE_CORRUPT, "your copy of the key of team " + team.name()
                    + " does not open the team's keys");
        } finally {
            Wipe.wipe(teamKey);
        }
    }

    private EnterpriseTeam find(String team) {
        return listTeams().stream().filter(t -> t.teamUid().equals(team) || t.name().equals(team)).findFirst()
                .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "no team named " + team));
    }

    private static EnterpriseTeam team(JsonNode t) {
        List<EnterpriseTeam.Member> members = Wire.array(t, "members").stream()
                .map(m -> new EnterpriseTeam.Member(Wire.text(m, "userUid"), Wire.optText(m, "email"),
                        Wire.bool(m, "pending"), m.hasNonNull("publicKey") ? Wire.bytes(m, "publicKey") : null))
                .toList();
        return new EnterpriseTeam(Wire.text(t, "teamUid"), Wire.text(t, "name"), optBytes(t, "publicKey"),
                optBytes(t, "encryptedPrivateKey"), optBytes(t, "adminTeamKey"), members);
    }

    private static byte[] optBytes(JsonNode node, String field) {
        return node.hasNonNull(field) ? Wire.bytes(node, field) : null;
    }
}
