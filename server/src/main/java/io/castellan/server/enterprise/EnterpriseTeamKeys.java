package io.castellan.server.enterprise;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Base64s;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Caller;
import io.castellan.server.api.Responses;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.AuditEventType;
import io.castellan.store.Membership;
import io.castellan.store.PendingTeamMember;
import io.castellan.store.Team;
import io.castellan.store.TeamKeyPair;
import io.castellan.store.User;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pending-member flow of team keys, as Keeper's admin console runs it: {@code enterprise_team_list} shows every
 * team with its members (pending ones with their public keys) and the caller's own copy of each team key;
 * {@code enterprise_team_keys} gives a team made without keys its key pair; {@code enterprise_team_member_key}
 * completes a pending membership with the team key sealed to the member. The server only stores what clients made.
 */
final class EnterpriseTeamKeys {

    private final EnterpriseContext ctx;

    EnterpriseTeamKeys(EnterpriseContext ctx) {
        this.ctx = ctx;
    }

    /**
     * {@code enterprise_team_list} → {@code teams[]} of {@code {teamUid, name, publicKey?, encryptedPrivateKey?,
     * adminTeamKey?, members[] of {userUid, email, pending, publicKey?}}}; {@code publicKey} is given for pending
     * members who have keys (an invited user has none yet).
     */
    ObjectNode list(ApiCall call) {
        Caller admin = call.requireCaller();
        return ctx.store().read(h -> {
            Map<String, User> users = new HashMap<>();
            ctx.store().users().list().forEach(u -> users.put(u.uid(), u));
            Map<String, PendingTeamMember> pending = new HashMap<>();
            for (PendingTeamMember p : ctx.teams().pending()) {
                pending.put(p.teamUid() + "/" + p.userUid(), p);
            }
            Map<String, List<String>> members = new HashMap<>();
            for (Membership m : ctx.teams().memberships()) {
                members.computeIfAbsent(m.groupUid(), k -> new java.util.ArrayList<>()).add(m.userUid());
            }
            ObjectNode answer = Responses.object();
            ArrayNode teams = answer.putArray("teams");
            for (Team team : ctx.teams().list()) {
                ObjectNode entry = teams.addObject().put("teamUid", team.uid()).put("name", team.name());
                ctx.teams().keyPair(team.uid()).ifPresent(k -> entry
                        .put("publicKey", Base64s.encode(k.publicKey()))
                        .put("encryptedPrivateKey", Base64s.encode(k.encryptedPrivateKey())));
                ctx.teams().adminKey(team.uid(), admin.userUid())
                        .ifPresent(k -> entry.put("adminTeamKey", Base64s.encode(k)));
                ArrayNode memberArray = entry.putArray("members");
                for (String userUid : members.getOrDefault(team.uid(), List.of())) {
                    User user = users.get(userUid);
                    PendingTeamMember waiting = pending.get(team.uid() + "/" + userUid);
                    ObjectNode m = memberArray.addObject().put("userUid", userUid)
                            .put("email", user == null ? "" : user.email())
                            .put("pending", waiting != null);
                    if (waiting != null && waiting.userPublicKey() != null) {
                        m.put("publicKey", Base64s.encode(waiting.userPublicKey()));
                    }
                }
            }
            return answer;
        });
    }

    /**
     * {@code enterprise_team_keys}: {@code team, publicKey, encryptedPrivateKey, adminTeamKey} → {@code {}}, for a
     * team that has no key pair yet ({@code 409} once it has one: a team key is never replaced, since members and
     * folders hold copies sealed to it).
     */
    ObjectNode setKeys(ApiCall call) {
        Caller admin = call.requireCaller();
        Team team = Names.group(call.body(), "team", ctx.teams()::findByUid, ctx.teams()::findByName);
        TeamKeyPair keys = TeamKeyFields.keyPair(call.body());
        byte[] adminKey = TeamKeyFields.sealedTeamKey(call.body(), "adminTeamKey");
        ctx.store().write(h -> {
            if (!ctx.teams().setKeyPair(team.uid(), keys, ctx.clock().instant())) {
                throw ApiFailures.conflict("the team already has keys");
            }
            ctx.teams().putAdminKey(team.uid(), admin.userUid(), adminKey, ctx.clock().instant());
            ctx.audit().record(AuditEventType.TEAM_KEYS_SET, admin.userUid(), call.sourceIp(), List.of(team.uid()),
                    Audit.SUCCESS, Map.of("team", team.name()));
            return null;
        });
        return Responses.empty();
    }

    /**
     * {@code enterprise_team_member_key}: {@code team, email, encryptedTeamKey} → {@code {}}: completes a pending
     * membership ({@code 404} for a non-member, {@code 409} when the member already holds the key).
     */
    ObjectNode memberKey(ApiCall call) {
        Caller admin = call.requireCaller();
        Team team = Names.group(call.body(), "team", ctx.teams()::findByUid, ctx.teams()::findByName);
        User user = Names.user(call.body(), "email", ctx.store().users());
        byte[] teamKey = TeamKeyFields.sealedTeamKey(call.body(), "encryptedTeamKey");
        ctx.store().write(h -> {
            if (ctx.teams().keyPair(team.uid()).isEmpty()) {
                throw ApiFailures.invalidField("team", "the team has no keys yet");
            }
            Optional<PendingTeamMember> pending = ctx.teams().pending().stream()
                    .filter(p -> p.teamUid().equals(team.uid()) && p.userUid().equals(user.uid())).findFirst();
            if (pending.isEmpty()) {
                if (!ctx.teams().members(team.uid()).contains(user.uid())) {
                    throw ApiFailures.notFound("that user is not a member of the team");
                }
                throw ApiFailures.conflict("that member already holds the team key");
            }
            ctx.teams().setMemberKey(team.uid(), user.uid(), teamKey);
            ctx.audit().record(AuditEventType.TEAM_MEMBER_KEY_SET, admin.userUid(), call.sourceIp(),
                    List.of(team.uid(), user.uid()), Audit.SUCCESS, Map.of("team", team.name()));
            return null;
        });
        return Responses.empty();
    }
}
