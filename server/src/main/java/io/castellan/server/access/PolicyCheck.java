package io.castellan.server.access;

import io.castellan.model.error.CastellanException;
import io.castellan.server.api.Caller;
import io.castellan.server.enterprise.EnforcementPolicy;
import io.castellan.server.enterprise.Enforcements;
import io.castellan.store.RoleRepository;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a caller holds enforcement policies. Administrators hold every policy without a role (the rule the server
 * has always followed: roles grant rights to members, an administrator already has them all). For everyone else a
 * policy holds when one of their roles sets it {@code True} ({@link Enforcements#merge}); the legacy
 * {@code ALLOW_PAM_ROTATION} also stands for {@code ALLOW_ROTATE_CREDENTIALS} and
 * {@code ALLOW_CONFIGURE_ROTATION_SETTINGS}, as in Keeper.
 */
public final class PolicyCheck {

    private static final Set<EnforcementPolicy> ROTATION_RIGHTS = Set.of(EnforcementPolicy.ALLOW_ROTATE_CREDENTIALS,
            EnforcementPolicy.ALLOW_CONFIGURE_ROTATION_SETTINGS);

    private final RoleRepository roles;

    public PolicyCheck(RoleRepository roles) {
        this.roles = Objects.requireNonNull(roles, "roles");
    }

    /**
     * @throws CastellanException {@code 403 forbidden} with detail {@code policy} naming the first policy of
     *     {@code needed} the caller lacks
     */
    public void require(Caller caller, Collection<EnforcementPolicy> needed) {
        if (caller.admin() || needed.isEmpty()) {
            return;
        }
        Map<String, String> held = Enforcements.merge(roles.enforcementsOfUser(caller.userUid()));
        for (EnforcementPolicy policy : needed) {
            if (!holds(held, policy)) {
                throw CastellanException.missingPolicy(policy.name());
            }
        }
    }

    /** Whether the merged enforcements {@code held} grant {@code policy} (with the legacy alias). */
    static boolean holds(Map<String, String> held, EnforcementPolicy policy) {
        if (EnforcementPolicy.TRUE.equals(held.get(policy.name()))) {
            return true;
        }
        return ROTATION_RIGHTS.contains(policy)
                && EnforcementPolicy.TRUE.equals(held.get(EnforcementPolicy.ALLOW_PAM_ROTATION.name()));
    }
}
