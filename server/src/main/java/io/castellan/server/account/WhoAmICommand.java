package io.castellan.server.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiCommand;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Caller;
import io.castellan.server.api.Responses;
import io.castellan.server.enterprise.Enforcements;
import io.castellan.store.Role;
import io.castellan.store.StoredSession;
import io.castellan.store.User;

/**
 * {@code whoami}: the caller, their roles, the enforcements merged across those roles (see {@link Enforcements}),
 * whether TOTP is on, and the session key (so a command-line client can open its saved data key again).
 */
final class WhoAmICommand implements ApiCommand {

    private final AccountContext ctx;

    WhoAmICommand(AccountContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ObjectNode handle(ApiCall call) {
        Caller caller = call.requireCaller();
        User user = ctx.store().users().findByUid(caller.userUid())
                .orElseThrow(() -> ApiFailures.unauthenticated("the session is not valid: log in again"));
        StoredSession session = ctx.sessions().byUid(caller.sessionId())
                .orElseThrow(() -> ApiFailures.unauthenticated("the session is not valid: log in again"));
        ObjectNode response = Responses.object()
                .put("userUid", user.uid())
                .put("email", user.email())
                .put("isAdmin", user.admin());
        response.set("roles", Responses.strings(ctx.roles().rolesOfUser(user.uid()).stream().map(Role::name).toList()));
        ObjectNode enforcements = response.putObject("enforcements");
        Enforcements.merge(ctx.roles().enforcementsOfUser(user.uid())).forEach(enforcements::put);
        return response.put("totpEnabled", user.totpSecretEncrypted().isPresent())
                .put("sessionKey", Responses.b64(session.sessionKey()));
    }
}
