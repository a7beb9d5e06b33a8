package io.castellan.server.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.ConstantTime;
import io.castellan.crypto.Wipe;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.ApiCommand;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Requests;
import io.castellan.server.api.Responses;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.AuditEventType;
import io.castellan.server.enterprise.InviteCodes;
import io.castellan.store.User;
import io.castellan.store.UserInvite;
import io.castellan.store.UserStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code register}: an invited user sets up the account with the key material the client made. The invitation code
 * must be the one issued for this e-mail, unexpired and unused; every way it can be wrong answers the same 401, so
 * the answer tells nothing about other invitations. Acceptance is one conditional update (single use even when two
 * registrations race), committed with its audit event.
 */
final class RegisterCommand implements ApiCommand {

    private static final String INVALID = "the invitation is not valid for this e-mail (wrong code, used or expired)";

    private final AccountContext ctx;

    RegisterCommand(AccountContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ObjectNode handle(ApiCall call) {
        String email = Requests.email(call.body(), "email");
        byte[] codeHash = InviteCodes.hash(Requests.text(call.body(), "inviteCode"));
        AccountKeyMaterial material = AccountKeyMaterial.fromRequest(call.body());
        try {
            return register(call, email, codeHash, material);
        } finally {
            Wipe.wipe(material.authHash());
        }
    }

    private ObjectNode register(ApiCall call, String email, byte[] codeHash, AccountKeyMaterial material) {
        Instant now = ctx.clock().instant();
        User user = ctx.store().users().findByEmail(email).filter(u -> u.status() == UserStatus.INVITED)
                .orElseThrow(() -> ApiFailures.unauthenticated(INVALID));
        Optional<UserInvite> invite = ctx.invites().find(user.uid());
        if (invite.isEmpty() || !ConstantTime.equals(invite.get().codeHash(), codeHash)
                || !now.isBefore(invite.get().expiresAt())) {
            throw ApiFailures.unauthenticated(INVALID);
        }
        ctx.store().write(h -> {
            if (!ctx.invites().accept(user.uid(), codeHash, material.toUserKeys(), now)) {
                throw ApiFailures.unauthenticated(INVALID);
            }
            ctx.audit().record(AuditEventType.USER_REGISTERED, user.uid(), call.sourceIp(), List.of(user.uid()),
                    Audit.SUCCESS);
            return null;
        });
        return Responses.object().put("userUid", user.uid());
    }
}
