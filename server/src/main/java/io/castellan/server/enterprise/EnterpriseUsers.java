package io.castellan.server.enterprise;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Uids;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Caller;
import io.castellan.server.api.Requests;
import io.castellan.server.api.Responses;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.AuditEventType;
import io.castellan.store.Membership;
import io.castellan.store.User;
import io.castellan.store.UserStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code enterprise_user_add} (invite), {@code enterprise_user_disable} (and revoke every session at once),
 * {@code enterprise_user_enable} (re-enable a disabled account and lift a failed-login lock) and
 * {@code enterprise_user_list}. Each change commits with its audit event.
 */
final class EnterpriseUsers {

    private final EnterpriseContext ctx;

    EnterpriseUsers(EnterpriseContext ctx) {
        this.ctx = ctx;
    }

    /** Invites an e-mail (a new user, or a new code for one still invited); answers the code, shown once. */
    ObjectNode add(ApiCall call) {
        Caller admin = call.requireCaller();
        String email = Requests.email(call.body(), "email");
        String code = InviteCodes.generate();
        Instant now = ctx.clock().instant();
        ctx.store().write(h -> {
            User user = ctx.store().users().findByEmail(email).orElseGet(() -> ctx.store().users()
                    .create(Uids.newUid(), email, UserStatus.INVITED, false, null));
            if (user.status() != UserStatus.INVITED) {
                throw ApiFailures.conflict("a user with that e-mail already exists");
            }
            ctx.invites().set(user.uid(), InviteCodes.hash(code), now.plus(InviteCodes.VALIDITY), now);
            ctx.audit().record(AuditEventType.USER_INVITED, admin.userUid(), call.sourceIp(), List.of(user.uid()),
                    Audit.SUCCESS);
            return null;
        });
        return Responses.object().put("inviteCode", code);
    }

    ObjectNode disable(ApiCall call) {
        Caller admin = call.requireCaller();
        User user = Names.user(call.body(), "email", ctx.store().users());
        if (user.uid().equals(admin.userUid())) {
            throw ApiFailures.invalidField("email", "you cannot disable your own account");
        }
        ctx.store().write(h -> {
            ctx.store().users().updateStatus(user.uid(), UserStatus.DISABLED);
            int revoked = ctx.sessions().revokeAllOf(user.uid());
            ctx.audit().record(AuditEventType.USER_DISABLED, admin.userUid(), call.sourceIp(), List.of(user.uid()),
                    Audit.SUCCESS, Map.of("sessionsRevoked", Integer.toString(revoked)));
            return null;
        });
        return Responses.empty();
    }

    ObjectNode enable(ApiCall call) {
        Caller admin = call.requireCaller();
        User user = Names.user(call.body(), "email", ctx.store().users());
        ctx.store().write(h -> {
            if (user.status() == UserStatus.DISABLED) {
                ctx.store().users().updateStatus(user.uid(), user.keys().isPresent() ? UserStatus.ACTIVE
                        : UserStatus.INVITED);
            }
            ctx.unlockLogins().accept(user.email());
            ctx.audit().record(AuditEventType.USER_ENABLED, admin.userUid(), call.sourceIp(), List.of(user.uid()),
                    Audit.SUCCESS);
            return null;
        });
        return Responses.empty();
    }

    ObjectNode list(ApiCall call) {
        Map<String, List<String>> roles = byUser(ctx.roles().userMemberships());
        Map<String, List<String>> teams = byUser(ctx.teams().memberships());
        ObjectNode response = Responses.object();
        ArrayNode users = response.putArray("users");
        for (User user : ctx.store().users().list()) {
            ObjectNode entry = users.addObject()
                    .put("userUid", user.uid())
                    .put("email", user.email())
                    .put("status", user.status().name().toLowerCase(Locale.ROOT))
                    .put("isAdmin", user.admin());
            entry.set("roles", Responses.strings(roles.getOrDefault(user.uid(), List.of())));
            entry.set("teams", Responses.strings(teams.getOrDefault(user.uid(), List.of())));
        }
        return response;
    }

    private static Map<String, List<String>> byUser(List<Membership> memberships) {
        return memberships.stream().collect(Collectors.groupingBy(Membership::userUid,
                Collectors.mapping(Membership::groupName, Collectors.toList())));
    }
}
