package io.castellan.cli.enterprise;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.regex.Pattern;

/**
 * One {@code --enforcement "POLICY:VALUE"} argument, e.g. {@code ALLOW_PAM_ROTATION:True}. The policy name is
 * checked for shape only; the server refuses names it does not know.
 *
 * @param policy the policy name
 * @param value its value, as typed
 */
record Enforcement(String policy, String value) {

    private static final Pattern POLICY = Pattern.compile("[A-Z][A-Z0-9_]{1,79}");

    static Enforcement parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new CastellanException(ErrorCode.BAD_REQUEST,
                    "an enforcement is written POLICY:VALUE, e.g. ALLOW_PAM_ROTATION:True");
        }
        String policy = text.substring(0, colon).strip();
        if (!POLICY.matcher(policy).matches()) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "\"" + policy
                    + "\" is not a policy name (upper case, e.g. ALLOW_LAUNCH_PAM_TUNNELS)");
        }
        return new Enforcement(policy, text.substring(colon + 1).strip());
    }
}
