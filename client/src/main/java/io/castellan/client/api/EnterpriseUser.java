package io.castellan.client.api;

import java.util.List;

/**
 * A user as {@code enterprise_user_list} reports it.
 *
 * @param userUid the UID
 * @param email the e-mail
 * @param status e.g. {@code invited}, {@code active}, {@code disabled}
 * @param admin whether an administrator
 * @param roles role names
 * @param teams team names
 */
public record EnterpriseUser(String userUid, String email, String status, boolean admin, List<String> roles,
        List<String> teams) {
}
