package io.castellan.server.enterprise;

import io.castellan.store.RoleEnforcement;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The effective enforcements of a user in several roles: a policy is {@code True} when any of the user's roles sets
 * it {@code True} (the roles grant permissions; {@code REQUIRE_TWO_FACTOR} from any role applies), otherwise
 * {@code False} if some role sets it.
 */
public final class Enforcements {

    private Enforcements() {
    }

    /** Policy name to merged value, sorted by name. */
    public static Map<String, String> merge(Collection<RoleEnforcement> enforcements) {
        Map<String, String> merged = new TreeMap<>();
        for (RoleEnforcement e : enforcements) {
            boolean value = EnforcementPolicy.TRUE.equalsIgnoreCase(e.value());
            merged.merge(e.policy(), value ? EnforcementPolicy.TRUE : EnforcementPolicy.FALSE,
                    (a, b) -> EnforcementPolicy.TRUE.equals(a) || EnforcementPolicy.TRUE.equals(b)
                            ? EnforcementPolicy.TRUE : EnforcementPolicy.FALSE);
        }
        return merged;
    }

    /** Whether the merged value of {@code policy} is {@code True}. */
    public static boolean isTrue(Collection<RoleEnforcement> enforcements, EnforcementPolicy policy) {
        return EnforcementPolicy.TRUE.equals(merge(enforcements).get(policy.name()));
    }
}
