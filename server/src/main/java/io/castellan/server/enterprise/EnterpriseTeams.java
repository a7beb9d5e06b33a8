package io.castellan.server.enterprise;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Uids;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Caller;
import io.castellan.server.api.Requests;
import io.castellan.server.api.Responses;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.AuditEventType;
import io.castellan.store.StoreException;
import io.castellan.store.Team;
import io.castellan.store.TeamKeyPair;
import io.castellan.store.User;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code enterprise_team_add}, {@code enterprise_team_member}, {@code enterprise_team_edit} and
 * {@code enterprise_team_remove}. A team is named by UID or name in requests; adding a member twice changes nothing
 * (and records nothing), removing a non-member is 404.
 *
 * <p>Team keys are the creating administrator's client's work: it sends the key pair and its own copy of the team
 * key ({@code adminTeamKey}) with {@code enterprise_team_add}, and a member's copy ({@code encryptedTeamKey}) with
 * {@code enterprise_team_member}; a member added without one is pending (sees none of the team's folders) until an
 * administrator holding the team key completes it ({@link EnterpriseTeamKeys}).
 */
final class EnterpriseTeams {

    private final EnterpriseContext ctx;

    EnterpriseTeams(EnterpriseContext ctx) {
        this.ctx = ctx;
    }

    ObjectNode add(ApiCall call) {
        Caller admin = call.requireCaller();
        String name = Names.name(call.body(), "name");
        Optional<TeamKeyPair> keys = TeamKeyFields.optionalKeyPair(call.body());
        Optional<byte[]> adminKey = TeamKeyFields.optionalSealedTeamKey(call.body(), "adminTeamKey");
        if (keys.isPresent() != adminKey.isPresent()) {
            throw ApiFailures.badField("adminTeamKey", "is required with the team's key pair (and only with it)");
        }
        if (ctx.teams().findByName(name).isPresent()) {
            throw ApiFailures.conflict("a team with that name already exists");
        }
        Team team = ctx.store().write(h -> {
            Team created = ctx.teams().create(Uids.newUid(), name, ctx.clock().instant());
            if (keys.isPresent()) {
                ctx.teams().setKeyPair(created.uid(), keys.get(), ctx.clock().instant());
                ctx.teams().putAdminKey(created.uid(), admin.userUid(), adminKey.get(), ctx.clock().instant());
            }
            ctx.audit().record(AuditEventType.TEAM_CREATED, admin.userUid(), call.sourceIp(), List.of(created.uid()),
                    Audit.SUCCESS, Map.of("team", name, "keys", Boolean.toString(keys.isPresent())));
            return created;
        });
        return Responses.object().put("teamUid", team.uid());
    }

    ObjectNode member(ApiCall call) {
        Caller admin = call.requireCaller();
        Team team = Names.group(call.body(), "team", ctx.teams()::findByUid, ctx.teams()::findByName);
        User user = Names.user(call.body(), "email", ctx.store().users());
        boolean remove = Requests.flag(call.body(), "remove");
        Optional<byte[]> teamKey = TeamKeyFields.optionalSealedTeamKey(call.body(), "encryptedTeamKey");
        if (remove && teamKey.isPresent()) {
            throw ApiFailures.badField("encryptedTeamKey", "is not taken when removing a member");
        }
        ctx.store().write(h -> {
            if (teamKey.isPresent() && ctx.teams().keyPair(team.uid()).isEmpty()) {
                throw ApiFailures.invalidField("encryptedTeamKey", "the team has no keys yet");
            }
            boolean changed = remove ? ctx.teams().removeMember(team.uid(), user.uid())
                    : ctx.teams().addMember(team.uid(), user.uid(), teamKey.orElse(null), ctx.clock().instant());
            if (remove && !changed) {
                throw ApiFailures.notFound("that user is not a member of the team");
            }
            if (!remove && !changed && teamKey.isPresent()) {
                // already a member: a key sent now completes a pending membership
                changed = ctx.teams().setMemberKey(team.uid(), user.uid(), teamKey.get());
            }
            if (changed) {
                ctx.audit().record(remove ? AuditEventType.TEAM_MEMBER_REMOVED : AuditEventType.TEAM_MEMBER_ADDED,
                        admin.userUid(), call.sourceIp(), List.of(team.uid(), user.uid()), Audit.SUCCESS,
                        Map.of("team", team.name(), "pending", Boolean.toString(!remove && teamKey.isEmpty())));
            }
            return null;
        });
        return Responses.empty();
    }

    /** {@code enterprise_team_edit}: {@code team, name} → {@code {}} (renames the team). */
    ObjectNode edit(ApiCall call) {
        Caller admin = call.requireCaller();
        Team team = Names.group(call.body(), "team", ctx.teams()::findByUid, ctx.teams()::findByName);
        String name = Names.name(call.body(), "name");
        if (!name.equals(team.name()) && ctx.teams().findByName(name).isPresent()) {
            throw ApiFailures.conflict("a team with that name already exists");
        }
        ctx.store().write(h -> {
            try {
                ctx.teams().rename(team.uid(), name, ctx.clock().instant());
            } catch (StoreException e) {
                if (e.reason() == StoreException.Reason.DUPLICATE) {
                    throw ApiFailures.conflict("a team with that name already exists");
                }
                throw e;
            }
            ctx.audit().record(AuditEventType.TEAM_RENAMED, admin.userUid(), call.sourceIp(), List.of(team.uid()),
                    Audit.SUCCESS, Map.of("from", team.name(), "to", name));
            return null;
        });
        return Responses.empty();
    }

    /**
     * {@code enterprise_team_remove}: {@code team} → {@code {}}. The team's members lose every folder they reached
     * through it at once; its role memberships go too.
     */
    ObjectNode remove(ApiCall call) {
        Caller admin = call.requireCaller();
        Team team = Names.group(call.body(), "team", ctx.teams()::findByUid, ctx.teams()::findByName);
        ctx.store().write(h -> {
            ctx.teams().delete(team.uid());
            ctx.audit().record(AuditEventType.TEAM_REMOVED, admin.userUid(), call.sourceIp(), List.of(team.uid()),
                    Audit.SUCCESS, Map.of("team", team.name()));
            return null;
        });
        return Responses.empty();
    }
}
