package io.castellan.server.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Wipe;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiCommand;
import io.castellan.server.api.Requests;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.AuditEventType;
import io.castellan.store.TotpState;
import io.castellan.store.User;
import io.castellan.store.UserStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code login}: checks the auth hash against the stored verifier (and the TOTP code when the account has TOTP) and
 * opens a session. Throttled per account and address first ({@link LoginThrottle}). Every failure answers the same
 * 401 whether or not the account exists, after the same work; only a correct password on an account with TOTP
 * answers {@code totpRequired: true}. A failure is counted and audited even though the answer is an error (the
 * counting commits, then the error is thrown).
 */
final class LoginCommand implements ApiCommand {

    private static final String WRONG = "the e-mail or the password is wrong";

    private final AccountContext ctx;

    LoginCommand(AccountContext ctx) {
        this.ctx = ctx;
    }

    /** The committed result of one attempt: a response or the failure to throw. */
    private record Outcome(ObjectNode response, CastellanException failure) {
    }

    @Override
    public ObjectNode handle(ApiCall call) {
        String email = Requests.email(call.body(), "email");
        byte[] authHash = Requests.bytes(call.body(), "authHash", Verifier.AUTH_HASH_LENGTH);
        Optional<String> code = Requests.optionalText(call.body(), "totp");
        try {
            Instant now = ctx.clock().instant();
            ctx.throttle().checkAllowed(email, call.sourceIp(), now);
            Outcome outcome = ctx.store().write(h -> attempt(email, authHash, code, call.sourceIp(), now));
            if (outcome.failure() != null) {
                throw outcome.failure();
            }
            return outcome.response();
        } finally {
            Wipe.wipe(authHash);
        }
    }

    private Outcome attempt(String email, byte[] authHash, Optional<String> code, String ip, Instant now) {
        Optional<User> user = ctx.store().users().findByEmail(email)
                .filter(u -> u.status() == UserStatus.ACTIVE && u.keys().isPresent());
        boolean passwordOk = user.isPresent()
                ? Verifier.matches(user.get().keys().orElseThrow().authVerifier(), authHash)
                : burn(authHash);
        if (!passwordOk) {
            return failed(email, user, ip, now, false);
        }
        TotpState totp = ctx.totps().find(user.get().uid()).orElseThrow();
        if (totp.enabled()) {
            if (code.isEmpty()) {
                return new Outcome(null, totpRequired("a TOTP code is required"));
            }
            if (!totpAccepted(user.get().uid(), totp, code.get(), now)) {
                return failed(email, user, ip, now, true);
            }
        }
        return succeeded(email, user.get(), ip, now);
    }

    private boolean totpAccepted(String userUid, TotpState totp, String code, Instant now) {
        byte[] seed = ctx.atRestKey().open(totp.secretEncrypted().orElseThrow(), TotpSetupCommand.context(userUid));
        try {
            OptionalLong step = Totp.verify(seed, code, now);
            return step.isPresent() && ctx.totps().useStep(userUid, step.getAsLong());
        } finally {
            Wipe.wipe(seed);
        }
    }

    private Outcome succeeded(String email, User user, String ip, Instant now) {
        ctx.throttle().recordSuccess(email);
        SessionService.Opened opened = ctx.sessions().open(user.uid(), now);
        ctx.audit().record(AuditEventType.LOGIN_SUCCEEDED, user.uid(), ip, List.of(user.uid()), Audit.SUCCESS,
                Map.of("session", opened.session().uid()));
        return new Outcome(LoginResponse.of(user, opened, ctx.sessions().idleTimeout()), null);
    }

    private Outcome failed(String email, Optional<User> user, String ip, Instant now, boolean totpStep) {
        boolean lockedNow = ctx.throttle().recordFailure(email, ip, now);
        String actor = user.map(User::uid).orElse("unknown");
        List<String> subjects = user.map(u -> List.of(u.uid())).orElse(List.of());
        ctx.audit().record(AuditEventType.LOGIN_FAILED, actor, ip, subjects, Audit.FAILURE,
                Map.of("reason", totpStep ? "totp" : "password"));
        if (lockedNow) {
            ctx.audit().record(AuditEventType.LOGIN_LOCKED, actor, ip, subjects, Audit.DENIED);
        }
        return new Outcome(null, totpStep ? totpRequired("the TOTP code is wrong or was already used")
                : new CastellanException(ErrorCode.UNAUTHENTICATED, WRONG));
    }

    private static boolean burn(byte[] authHash) {
        Verifier.burn(authHash);
        return false;
    }

    private static CastellanException totpRequired(String message) {
        return new CastellanException(ErrorCode.UNAUTHENTICATED, message, Map.of("totpRequired", "true"), null);
    }
}
