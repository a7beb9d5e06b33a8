package io.castellan.client.api;

import java.util.List;
import java.util.Map;

/**
 * A role as {@code enterprise_role_list} reports it.
 *
 * @param roleUid the UID
 * @param name the name
 * @param enforcements policy name to value
 * @param members the members (as the server names them)
 */
public record EnterpriseRole(String roleUid, String name, Map<String, String> enforcements, List<String> members) {
}
