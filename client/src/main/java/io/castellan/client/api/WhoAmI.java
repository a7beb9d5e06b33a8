package io.castellan.client.api;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code whoami}, without the session key (which only {@link SessionApi#unlock} uses).
 *
 * @param userUid the user's UID
 * @param email the e-mail
 * @param admin whether the user is an administrator
 * @param roles the user's role names
 * @param enforcements the effective enforcement policies and their values
 * @param totpEnabled whether a TOTP code is required at login
 */
public record WhoAmI(String userUid, String email, boolean admin, List<String> roles,
        Map<String, String> enforcements, boolean totpEnabled) {
}
