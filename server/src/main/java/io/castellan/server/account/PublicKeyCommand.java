package io.castellan.server.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiCommand;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Requests;
import io.castellan.server.api.Responses;
import io.castellan.store.User;
import io.castellan.store.UserStatus;

/** {@code public_key}: the UID and public key of an active user, so a client can seal a share to them. */
final class PublicKeyCommand implements ApiCommand {

    private final AccountContext ctx;

    PublicKeyCommand(AccountContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ObjectNode handle(ApiCall call) {
        String email = Requests.email(call.body(), "email");
        User user = ctx.store().users().findByEmail(email)
                .filter(u -> u.status() == UserStatus.ACTIVE && u.keys().isPresent())
                .orElseThrow(() -> ApiFailures.notFound("no active user with that e-mail"));
        return Responses.object().put("userUid", user.uid())
                .put("publicKey", Responses.b64(user.keys().orElseThrow().publicKey()));
    }
}
