package io.castellan.server.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Pbkdf2;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiCommand;
import io.castellan.server.api.Requests;
import io.castellan.server.api.Responses;
import io.castellan.store.User;
import io.castellan.store.UserKeys;
import java.util.Optional;

/**
 * {@code login_start}: the salt and PBKDF2 iterations the client derives its keys with. An e-mail without an account
 * (or whose account has no keys yet) gets a stable fake pair — a salt made from the server secret and the e-mail, and
 * the default iteration count — of the same shape, so the answer does not reveal which accounts exist.
 */
final class LoginStartCommand implements ApiCommand {

    /** Iterations announced for an unknown e-mail: the client default. */
    static final int FAKE_ITERATIONS = Pbkdf2.DEFAULT_ITERATIONS;

    private final AccountContext ctx;

    LoginStartCommand(AccountContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ObjectNode handle(ApiCall call) {
        String email = Requests.email(call.body(), "email");
        Optional<UserKeys> keys = ctx.store().users().findByEmail(email).flatMap(User::keys);
        byte[] salt = keys.map(UserKeys::authSalt).orElseGet(() -> ctx.secret().fakeSalt(email));
        int iterations = keys.map(UserKeys::authIterations).orElse(FAKE_ITERATIONS);
        return Responses.object().put("salt", Responses.b64(salt)).put("iterations", iterations);
    }
}
