package io.castellan.server.enterprise;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.JsonFailures;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Caller;
import io.castellan.server.api.Requests;
import io.castellan.server.api.Responses;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.AuditEventType;
import io.castellan.store.Membership;
import io.castellan.store.Role;
import io.castellan.store.RoleEnforcement;
import io.castellan.store.User;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code enterprise_role_add}, {@code enterprise_role_enforcement} (only the policies of {@link EnforcementPolicy},
 * values {@code True}/{@code False} in any case, stored canonically), {@code enterprise_role_member} and
 * {@code enterprise_role_list}. Enforcements are evaluated on every request, so changes apply at once.
 */
final class EnterpriseRoles {

    private final EnterpriseContext ctx;

    EnterpriseRoles(EnterpriseContext ctx) {
        this.ctx = ctx;
    }

    ObjectNode add(ApiCall call) {
        Caller admin = call.requireCaller();
        String name = Names.name(call.body(), "name");
        if (ctx.roles().findByName(name).isPresent()) {
            throw ApiFailures.conflict("a role with that name already exists");
        }
        Role role = ctx.store().write(h -> {
            Role created = ctx.roles().create(Uids.newUid(), name, ctx.clock().instant());
            ctx.audit().record(AuditEventType.ROLE_CREATED, admin.userUid(), call.sourceIp(), List.of(created.uid()),
                    Audit.SUCCESS, Map.of("role", name));
            return created;
        });
        return Responses.object().put("roleUid", role.uid());
    }

    ObjectNode enforcement(ApiCall call) {
        Caller admin = call.requireCaller();
        Role role = role(call);
        String requested = Requests.text(call.body(), "policy");
        EnforcementPolicy policy = EnforcementPolicy.parse(requested).orElseThrow(() -> new CastellanException(
                ErrorCode.VALIDATION_FAILED, "unknown enforcement policy "
                + JsonFailures.safeName(requested), Map.of(CastellanException.DETAIL_FIELD, "policy"), null));
        String value = EnforcementPolicy.canonicalValue(Requests.text(call.body(), "value"))
                .orElseThrow(() -> ApiFailures.invalidField("value", "must be True or False"));
        ctx.store().write(h -> {
            ctx.roles().setEnforcement(role.uid(), policy.name(), value, ctx.clock().instant());
            ctx.audit().record(AuditEventType.ROLE_ENFORCEMENT_CHANGED, admin.userUid(), call.sourceIp(),
                    List.of(role.uid()), Audit.SUCCESS, Map.of("role", role.name(), "policy", policy.name(),
                            "value", value));
            return null;
        });
        return Responses.empty();
    }

    ObjectNode member(ApiCall call) {
        Caller admin = call.requireCaller();
        Role role = role(call);
        User user = Names.user(call.body(), "email", ctx.store().users());
        boolean remove = Requests.flag(call.body(), "remove");
        ctx.store().write(h -> {
            boolean changed = remove ? ctx.roles().removeUser(role.uid(), user.uid())
                    : ctx.roles().addUser(role.uid(), user.uid(), ctx.clock().instant());
            if (remove && !changed) {
                throw ApiFailures.notFound("that user is not a member of the role");
            }
            if (changed) {
                ctx.audit().record(remove ? AuditEventType.ROLE_MEMBER_REMOVED : AuditEventType.ROLE_MEMBER_ADDED,
                        admin.userUid(), call.sourceIp(), List.of(role.uid(), user.uid()), Audit.SUCCESS,
                        Map.of("role", role.name()));
            }
            return null;
        });
        return Responses.empty();
    }

    ObjectNode list(ApiCall call) {
        Map<String, List<RoleEnforcement>> enforcements = ctx.roles().enforcements().stream()
                .collect(Collectors.groupingBy(RoleEnforcement::roleUid));
        Map<String, String> emails = ctx.store().users().list().stream()
                .collect(Collectors.toMap(User::uid, User::email));
        Map<String, List<String>> members = ctx.roles().userMemberships().stream()
                .collect(Collectors.groupingBy(Membership::groupUid,
                        Collectors.mapping(m -> emails.getOrDefault(m.userUid(), m.userUid()), Collectors.toList())));
        ObjectNode response = Responses.object();
        ArrayNode roles = response.putArray("roles");
        for (Role role : ctx.roles().list()) {
            ObjectNode entry = roles.addObject().put("roleUid", role.uid()).put("name", role.name());
            ObjectNode policies = entry.putObject("enforcements");
            enforcements.getOrDefault(role.uid(), List.of()).forEach(e -> policies.put(e.policy(), e.value()));
            entry.set("members", Responses.strings(members.getOrDefault(role.uid(), List.of())));
        }
        return response;
    }

    private Role role(ApiCall call) {
        return Names.group(call.body(), "role", ctx.roles()::findByUid, ctx.roles()::findByName);
    }
}
