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
import io.castellan.store.Team;
import io.castellan.store.User;
import java.util.List;
import java.util.Map;

/**
 * {@code enterprise_team_add} and {@code enterprise_team_member}. A team is named by UID or name in requests; adding
 * a member twice changes nothing (and records nothing), removing a non-member is 404.
 */
final class EnterpriseTeams {

    private final EnterpriseContext ctx;

    EnterpriseTeams(EnterpriseContext ctx) {
        this.ctx = ctx;
    }

    ObjectNode add(ApiCall call) {
        Caller admin = call.requireCaller();
        String name = Names.name(call.body(), "name");
        if (ctx.teams().findByName(name).isPresent()) {
            throw ApiFailures.conflict("a team with that name already exists");
        }
        Team team = ctx.store().write(h -> {
            Team created = ctx.teams().create(Uids.newUid(), name, ctx.clock().instant());
            ctx.audit().record(AuditEventType.TEAM_CREATED, admin.userUid(), call.sourceIp(), List.of(created.uid()),
                    Audit.SUCCESS, Map.of("team", name));
            return created;
        });
        return Responses.object().put("teamUid", team.uid());
    }

    ObjectNode member(ApiCall call) {
        Caller admin = call.requireCaller();
        Team team = Names.group(call.body(), "team", ctx.teams()::findByUid, ctx.teams()::findByName);
        User user = Names.user(call.body(), "email", ctx.store().users());
        boolean remove = Requests.flag(call.body(), "remove");
        ctx.store().write(h -> {
            boolean changed = remove ? ctx.teams().removeMember(team.uid(), user.uid())
                    : ctx.teams().addMember(team.uid(), user.uid(), ctx.clock().instant());
            if (remove && !changed) {
                throw ApiFailures.notFound("that user is not a member of the team");
            }
            if (changed) {
                ctx.audit().record(remove ? AuditEventType.TEAM_MEMBER_REMOVED : AuditEventType.TEAM_MEMBER_ADDED,
                        admin.userUid(), call.sourceIp(), List.of(team.uid(), user.uid()), Audit.SUCCESS,
                        Map.of("team", team.name()));
            }
            return null;
        });
        return Responses.empty();
    }
}
