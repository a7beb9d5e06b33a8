package io.castellan.server.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Wipe;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiCommand;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Caller;
import io.castellan.server.api.Requests;
import io.castellan.server.api.Responses;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.AuditEventType;
import io.castellan.store.TotpState;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code totp_confirm}: checks a code of the pending seed and makes it the active one (TOTP is then required at
 * login). The code's time step is recorded as used, so the same code cannot then log in.
 */
final class TotpConfirmCommand implements ApiCommand {

    private final AccountContext ctx;

    TotpConfirmCommand(AccountContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ObjectNode handle(ApiCall call) {
        Caller caller = call.requireCaller();
        String code = Requests.text(call.body(), "code");
        TotpState state = ctx.totps().find(caller.userUid()).orElseThrow();
        byte[] pending = state.pendingEncrypted()
                .orElseThrow(() -> ApiFailures.conflict("no TOTP setup is waiting: call totp_setup first"));
        OptionalLong step;
        byte[] seed = ctx.atRestKey().open(pending, TotpSetupCommand.context(caller.userUid()));
        try {
            step = Totp.verify(seed, code, ctx.clock().instant());
        } finally {
            Wipe.wipe(seed);
        }
        if (step.isEmpty()) {
            throw ApiFailures.invalidField("code", "does not match the new TOTP secret (check the app and the clock)");
        }
        ctx.store().write(h -> {
            if (!ctx.totps().confirm(caller.userUid(), pending, step.getAsLong())) {
                throw ApiFailures.conflict("the TOTP setup changed meanwhile: call totp_setup again");
            }
            ctx.audit().record(AuditEventType.TOTP_ENABLED, caller.userUid(), call.sourceIp(),
                    List.of(caller.userUid()), Audit.SUCCESS);
            return null;
        });
        return Responses.empty();
    }
}
