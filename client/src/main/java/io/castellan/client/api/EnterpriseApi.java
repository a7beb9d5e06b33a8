package io.castellan.client.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enterprise administration (administrators only): invite and disable users, teams, roles and their enforcement
 * policies. Plain metadata; nothing here is encrypted beyond the envelope.
 */
public final class EnterpriseApi {

    private final ApiSession session;

    /** @param session an administrator's session */
    public EnterpriseApi(ApiSession session) {
        this.session = session;
    }

    /** @return the invitation code to hand to the new user */
    public String addUser(String email) {
        return Wire.text(session.call("enterprise_user_add", Wire.object().put("email", email)), "inviteCode");
    }

    /** Disables a user and revokes all their sessions. */
    public void disableUser(String email) {
        session.call("enterprise_user_disable", Wire.object().put("email", email));
    }

    /** @return every user */
    public List<EnterpriseUser> listUsers() {
        return Wire.array(session.call("enterprise_user_list", Wire.object()), "users").stream()
                .map(u -> new EnterpriseUser(Wire.text(u, "userUid"), Wire.text(u, "email"),
                        Wire.optText(u, "status"), Wire.bool(u, "isAdmin"), Wire.texts(u, "roles"),
                        Wire.texts(u, "teams")))
                .toList();
    }

    /** @return the new team's UID */
    public String addTeam(String name) {
        return Wire.text(session.call("enterprise_team_add", Wire.object().put("name", name)), "teamUid");
    }

    /** Renames a team. */
    public void renameTeam(String team, String name) {
        session.call("enterprise_team_edit", Wire.object().put("team", team).put("name", name));
    }

    /** Deletes a team; its members lose the folders shared with it at once. */
    public void removeTeam(String team) {
        session.call("enterprise_team_remove", Wire.object().put("team", team));
    }

    /** Adds a user to a team, or removes them. */
    public void teamMember(String team, String email, boolean remove) {
        session.call("enterprise_team_member", member("team", team, email, remove));
    }

    /** @return the new role's UID */
    public String addRole(String name) {
        return Wire.text(session.call("enterprise_role_add", Wire.object().put("name", name)), "roleUid");
    }

    /** Sets an enforcement policy of a role (the server refuses unknown policy names). */
    public void roleEnforcement(String role, String policy, String value) {
        session.call("enterprise_role_enforcement", Wire.object().put("role", role).put("policy", policy)
                .put("value", value));
    }

    /** Adds a user to a role, or removes them. */
    public void roleMember(String role, String email, boolean remove) {
        session.call("enterprise_role_member", member("role", role, email, remove));
    }

    /** @return every role */
    public List<EnterpriseRole> listRoles() {
        return Wire.array(session.call("enterprise_role_list", Wire.object()), "roles").stream()
                .map(EnterpriseApi::role).toList();
    }

    private static EnterpriseRole role(JsonNode r) {
        Map<String, String> enforcements = new LinkedHashMap<>();
        r.path("enforcements").fields().forEachRemaining(e -> enforcements.put(e.getKey(),
                e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        List<String> members = Wire.array(r, "members").stream()
                .map(m -> m.isObject() ? m.path("email").asText(m.path("userUid").asText(""))
                        : m.asText())
                .toList();
        return new EnterpriseRole(Wire.text(r, "roleUid"), Wire.text(r, "name"), enforcements, members);
    }

    private static ObjectNode member(String field, String group, String email, boolean remove) {
        ObjectNode request = Wire.object().put(field, group).put("email", email);
        if (remove) {
            request.put("remove", true);
        }
        return request;
    }
}
