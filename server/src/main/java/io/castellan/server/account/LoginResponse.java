package io.castellan.server.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.api.Responses;
import io.castellan.store.User;
import io.castellan.store.UserKeys;
import java.time.Duration;

/** The body of a successful {@code login} (docs/api.md): the session and the user's wrapped keys. */
final class LoginResponse {

    private LoginResponse() {
    }

    static ObjectNode of(User user, SessionService.Opened opened, Duration idleTimeout) {
        UserKeys keys = user.keys().orElseThrow();
        return Responses.object()
                .put("session", opened.token())
                .put("sessionKey", Responses.b64(opened.session().sessionKey()))
                .put("userUid", user.uid())
                .put("email", user.email())
                .put("isAdmin", user.admin())
                .put("encryptedDataKey", Responses.b64(keys.encryptedDataKey()))
                .put("publicKey", Responses.b64(keys.publicKey()))
                .put("encryptedPrivateKey", Responses.b64(keys.encryptedPrivateKey()))
                .put("idleTimeoutSeconds", idleTimeout.toSeconds());
    }
}
