package io.castellan.server.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.server.api.ApiCall;
import io.castellan.store.User;
import io.castellan.store.UserRepository;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The user-API commands whose success may take access away, and whom they concern: the e-mail in the request where
 * the command names one user, everyone otherwise. The share sweep ({@code VaultMaintenance}) fires expiries itself.
 */
final class RevokingCommands {

    /** Command → whether its request's {@code email} names the one user concerned. */
    static final Map<String, Boolean> COMMANDS = Map.ofEntries(
            Map.entry("record_unshare", true),
            Map.entry("record_delete", false),
            Map.entry("folder_member_remove", true),
            Map.entry("folder_delete", false),
            Map.entry("enterprise_user_disable", true),
            Map.entry("enterprise_role_member", true),
            Map.entry("enterprise_role_enforcement", false),
            Map.entry("enterprise_team_member", true),
            Map.entry("enterprise_team_remove", false),
            Map.entry("pam_config_edit", false),
            Map.entry("gateway_remove", false));

    private final UserRepository users;

    RevokingCommands(UserRepository users) {
        this.users = users;
    }

    /** The revocation a call that succeeded makes, if any. */
    Optional<AccessRevocation.Revoked> after(ApiCall call) {
        Boolean byEmail = COMMANDS.get(call.command());
        if (byEmail == null || (call.command().endsWith("_member") && !flag(call.body(), "remove"))) {
            return Optional.empty();
        }
        Optional<String> user = Optional.empty();
        JsonNode email = call.body() == null ? null : call.body().get("email");
        if (byEmail && email != null && email.isTextual()) {
            // a team removed from a folder has no e-mail: then everyone is concerned
            user = users.findByEmail(email.textValue().strip().toLowerCase(Locale.ROOT)).map(User::uid);
        }
        return Optional.of(new AccessRevocation.Revoked(call.command(), user));
    }

    private static boolean flag(JsonNode body, String field) {
        return body != null && body.path(field).asBoolean(false);
    }
}
