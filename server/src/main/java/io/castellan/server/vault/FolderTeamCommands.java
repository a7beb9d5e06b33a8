package io.castellan.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.store.Team;
import io.castellan.store.TeamKeyPair;
import io.castellan.store.TeamRepository;
import java.util.List;
import java.util.Map;

/**
 * Teams as shared-folder members: {@code folder_member_add} / {@code folder_member_remove} with {@code team} in
 * place of {@code email}, and {@code team_public_key}, which gives any user the public key to seal a folder key to.
 * The folder key arrives sealed (ECIES) to the team's public key; only members holding the team key can open the
 * team's private key and so the folder key. The team's permissions apply to each of its members (see
 * {@code FolderMemberRepository.effective}).
 */
final class FolderTeamCommands {

    private final VaultContext vault;
    private final TeamRepository teams;

    FolderTeamCommands(VaultContext vault) {
        this.vault = vault;
        this.teams = vault.teams;
    }

    /** {@code team_public_key}: {@code team} (UID or name) → {@code teamUid, name, publicKey}. */
    ObjectNode publicKey(ApiCall call) {
        call.requireCaller();
        JsonNode body = Requests.body(call.body());
        return vault.store.read(h -> {
            Team team = team(body);
            TeamKeyPair keys = keyPair(team);
            return Entries.empty().put("teamUid", team.uid()).put("name", team.name())
                    .put("publicKey", Base64s.encode(keys.publicKey()));
        });
    }

    /** {@code folder_member_add} with {@code team}: needs manageUsers; adding again replaces key and permissions. */
    ObjectNode add(ApiCall call, JsonNode body) {
        Caller caller = call.requireCaller();
        String folderUid = Requests.uid(body, "folderUid");
        byte[] folderKey = Requests.bytes(body, "folderKey", VaultContext.SEALED_KEY_MIN_BYTES,
                VaultContext.SEALED_KEY_MAX_BYTES, false);
        boolean manageRecords = Requests.bool(body, "manageRecords");
        boolean manageUsers = Requests.bool(body, "manageUsers");
        boolean canEdit = Requests.bool(body, "canEdit");
        boolean canShare = Requests.bool(body, "canShare");
        return vault.store.write(h -> {
            VaultContext.VisibleFolder folder = vault.sharedFolder(caller, folderUid);
            if (!folder.membership().manageUsers()) {
                throw VaultContext.forbidden("adding members to this shared folder needs manageUsers");
            }
            Team team = team(body);
            keyPair(team);
            vault.members.putTeam(folderUid, team.uid(), folderKey, manageRecords, manageUsers, canEdit, canShare);
            vault.audited(VaultAuditEvents.FOLDER_MEMBER_ADDED, call, List.of(folderUid, team.uid()), Map.of(
                    "member", "team", "manageRecords", Boolean.toString(manageRecords),
                    "manageUsers", Boolean.toString(manageUsers), "canEdit", Boolean.toString(canEdit),
                    "canShare", Boolean.toString(canShare)));
            return Entries.empty();
        });
    }

    /** {@code folder_member_remove} with {@code team}: needs manageUsers; the team's members lose the folder at once. */
    ObjectNode remove(ApiCall call, JsonNode body) {
        Caller caller = call.requireCaller();
        String folderUid = Requests.uid(body, "folderUid");
        return vault.store.write(h -> {
            VaultContext.VisibleFolder folder = vault.sharedFolder(caller, folderUid);
            if (!folder.membership().manageUsers()) {
                throw VaultContext.forbidden("removing members from this shared folder needs manageUsers");
            }
            Team team = team(body);
            if (!vault.members.deleteTeam(folderUid, team.uid())) {
                throw new CastellanException(ErrorCode.NOT_FOUND, "that team is not a member of the folder",
                        Map.of(CastellanException.DETAIL_FIELD, "team"), null);
            }
            vault.audited(VaultAuditEvents.FOLDER_MEMBER_REMOVED, call, List.of(folderUid, team.uid()),
                    Map.of("member", "team"));
            return Entries.empty();
        });
    }

    /** The team named (by UID or name) in {@code team}, or {@code 404}. */
    private Team team(JsonNode body) {
        JsonNode value = body.get("team");
        if (value == null || !value.isTextual() || value.textValue().isBlank() || value.textValue().length() > 100) {
            throw Requests.badRequest("team", "team must be a team's UID or name (1 to 100 characters)");
        }
        String name = value.textValue().strip();
        return (Uids.isValid(name) ? teams.findByUid(name) : java.util.Optional.<Team>empty())
                .or(() -> teams.findByName(name))
                .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "no team with that UID or name",
                        Map.of(CastellanException.DETAIL_FIELD, "team"), null));
    }

    private TeamKeyPair keyPair(Team team) {
        return teams.keyPair(team.uid()).orElseThrow(() -> new CastellanException(ErrorCode.VALIDATION_FAILED,
                "the team has no keys yet: an administrator must set them up (enterprise-team approve)",
                Map.of(CastellanException.DETAIL_FIELD, "team"), null));
    }
}
