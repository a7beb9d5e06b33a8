package io.castellan.server.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiCommand;
import io.castellan.server.api.Caller;
import io.castellan.server.api.Responses;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.AuditEventType;
import java.util.List;
import java.util.Map;

/** {@code logout}: revokes the caller's session (and audits it, in the same transaction). */
final class LogoutCommand implements ApiCommand {

    private final AccountContext ctx;

    LogoutCommand(AccountContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ObjectNode handle(ApiCall call) {
        Caller caller = call.requireCaller();
        ctx.store().write(h -> {
            ctx.sessions().revoke(caller.sessionId());
            ctx.audit().record(AuditEventType.LOGOUT, caller.userUid(), call.sourceIp(), List.of(caller.userUid()),
                    Audit.SUCCESS, Map.of("session", caller.sessionId()));
            return null;
        });
        return Responses.empty();
    }
}
