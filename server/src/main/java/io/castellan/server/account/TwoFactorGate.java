package io.castellan.server.account;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.enterprise.EnforcementPolicy;
import io.castellan.server.enterprise.Enforcements;
import io.castellan.store.RoleRepository;
import io.castellan.store.User;
import java.util.Map;
import java.util.Set;

/**
 * Enforces {@code REQUIRE_TWO_FACTOR}: a user in a role that sets it to {@code True} and who has not confirmed TOTP
 * may only call {@link #ALLOWED} (set TOTP up, see who they are, log out); every other command is refused with 403
 * {@code forbidden} naming the policy. Evaluated on every request, so it applies as soon as the role changes and
 * lifts as soon as TOTP is confirmed.
 */
final class TwoFactorGate {

    /** What a user who still has to set TOTP up may call. */
    static final Set<String> ALLOWED = Set.of("totp_setup", "totp_confirm", "whoami", "logout");

    private final RoleRepository roles;

    TwoFactorGate(RoleRepository roles) {
        this.roles = roles;
    }

    void check(User user, String command) {
        if (ALLOWED.contains(command) || user.totpSecretEncrypted().isPresent()) {
            return;
        }
        if (Enforcements.isTrue(roles.enforcementsOfUser(user.uid()), EnforcementPolicy.REQUIRE_TWO_FACTOR)) {
            String policy = EnforcementPolicy.REQUIRE_TWO_FACTOR.name();
            throw new CastellanException(ErrorCode.FORBIDDEN, "your role requires two-factor authentication: set up"
                    + " TOTP (totp_setup, then totp_confirm) before anything else",
                    Map.of(CastellanException.DETAIL_POLICY, policy), null);
        }
    }
}
