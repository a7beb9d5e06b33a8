package io.castellan.server.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.Wipe;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiCommand;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Caller;
import io.castellan.server.api.Responses;

/**
 * {@code totp_setup}: makes a new 160-bit TOTP seed, stores it sealed with the at-rest key as <em>pending</em>, and
 * returns it (base32 and an {@code otpauth://} URI) inside the encrypted response. It is not required at login until
 * {@code totp_confirm} proves the user's app produces its codes. Refused (409) when TOTP is already on: a stolen
 * session must not be able to swap the second factor.
 */
final class TotpSetupCommand implements ApiCommand {

    static final String ISSUER = "Castellan";

    private final AccountContext ctx;

    TotpSetupCommand(AccountContext ctx) {
        this.ctx = ctx;
    }

    /** The at-rest context of a user's TOTP seed. */
    static String context(String userUid) {
        return "totp:" + userUid;
    }

    @Override
    public ObjectNode handle(ApiCall call) {
        Caller caller = call.requireCaller();
        if (ctx.totps().find(caller.userUid()).orElseThrow().enabled()) {
            throw ApiFailures.conflict("TOTP is already enabled for this account");
        }
        byte[] seed = CastellanRandom.bytes(Totp.SECRET_BYTES);
        try {
            ctx.totps().setPending(caller.userUid(), ctx.atRestKey().seal(seed, context(caller.userUid())));
            String secret = Base32.encode(seed);
            return Responses.object().put("secret", secret)
                    .put("otpauthUri", Totp.otpauthUri(ISSUER, caller.email(), secret));
        } finally {
            Wipe.wipe(seed);
        }
    }
}
