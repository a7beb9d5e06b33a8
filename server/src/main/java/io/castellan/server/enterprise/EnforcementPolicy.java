package io.castellan.server.enterprise;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The role enforcement policies Castellan knows (BRIEF "Enforcement policies", Keeper's names), plus
 * {@link #REQUIRE_TWO_FACTOR}. Values are {@code True}/{@code False}; {@code enterprise_role_enforcement} refuses
 * any other name.
 */
public enum EnforcementPolicy {
    ALLOW_SECRETS_MANAGER,
    ALLOW_PAM_GATEWAY,
    ALLOW_CONFIGURE_ROTATION_SETTINGS,
    ALLOW_ROTATE_CREDENTIALS,
    ALLOW_CONFIGURE_PAM_CLOUD_CONNECTION_SETTINGS,
    ALLOW_LAUNCH_PAM_ON_CLOUD_CONNECTION,
    ALLOW_VIEW_KCM_RECORDINGS,
    ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS,
    ALLOW_LAUNCH_PAM_TUNNELS,
    ALLOW_CONFIGURE_RBI,
    ALLOW_LAUNCH_RBI,
    ALLOW_VIEW_RBI_RECORDINGS,
    ALLOW_PAM_DISCOVERY,
    /** Legacy rotation switch, kept for Keeper compatibility. */
    ALLOW_PAM_ROTATION,
    /**
     * Members must sign in with TOTP. A member without confirmed TOTP gets sessions that may only call
     * {@code totp_setup}, {@code totp_confirm}, {@code whoami} and {@code logout}.
     */
    REQUIRE_TWO_FACTOR;

    /** Canonical spelling of a true value. */
    public static final String TRUE = "True";
    /** Canonical spelling of a false value. */
    public static final String FALSE = "False";

    /** The policy called {@code name} (any case). */
    public static Optional<EnforcementPolicy> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String upper = name.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.name().equals(upper)).findFirst();
    }

    /** {@code True} or {@code False} for a value spelled in any case; empty for anything else. */
    public static Optional<String> canonicalValue(String value) {
        if (TRUE.equalsIgnoreCase(value == null ? null : value.strip())) {
            return Optional.of(TRUE);
        }
        if (FALSE.equalsIgnoreCase(value == null ? null : value.strip())) {
            return Optional.of(FALSE);
        }
        return Optional.empty();
    }
}
