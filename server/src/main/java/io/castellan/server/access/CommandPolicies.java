package io.castellan.server.access;

import static io.castellan.server.access.CommandPolicy.Kind.ALWAYS;
import static io.castellan.server.access.CommandPolicy.Kind.BY_HANDLER;
import static io.castellan.server.access.CommandPolicy.Kind.NONE;
import static io.castellan.server.access.CommandPolicy.Kind.NOT_BUILT;
import static io.castellan.server.access.CommandPolicy.Kind.WHEN_CHANGED;
import static io.castellan.server.enterprise.EnforcementPolicy.ALLOW_CONFIGURE_PAM_CLOUD_CONNECTION_SETTINGS;
import static io.castellan.server.enterprise.EnforcementPolicy.ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS;
import static io.castellan.server.enterprise.EnforcementPolicy.ALLOW_CONFIGURE_RBI;
import static io.castellan.server.enterprise.EnforcementPolicy.ALLOW_CONFIGURE_ROTATION_SETTINGS;
import static io.castellan.server.enterprise.EnforcementPolicy.ALLOW_LAUNCH_PAM_ON_CLOUD_CONNECTION;
import static io.castellan.server.enterprise.EnforcementPolicy.ALLOW_LAUNCH_PAM_TUNNELS;
import static io.castellan.server.enterprise.EnforcementPolicy.ALLOW_LAUNCH_RBI;
import static io.castellan.server.enterprise.EnforcementPolicy.ALLOW_PAM_DISCOVERY;
import static io.castellan.server.enterprise.EnforcementPolicy.ALLOW_PAM_GATEWAY;
import static io.castellan.server.enterprise.EnforcementPolicy.ALLOW_ROTATE_CREDENTIALS;
import static io.castellan.server.enterprise.EnforcementPolicy.ALLOW_SECRETS_MANAGER;
import static io.castellan.server.enterprise.EnforcementPolicy.ALLOW_VIEW_KCM_RECORDINGS;
import static io.castellan.server.enterprise.EnforcementPolicy.ALLOW_VIEW_RBI_RECORDINGS;

import io.castellan.server.enterprise.EnforcementPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one reviewable table "user-API command → enforcement policy it needs" for every PAM, Secrets Manager, gateway
 * and tunnel command (docs/access-control.md shows it as a table). {@link PolicyGuard} consults it for every call and
 * refuses to register a command with a {@linkplain #isGoverned governed name} that has no row, so a new command cannot
 * silently skip its policy. Rows for commands not built yet say which policy will gate them.
 *
 * <p>{@code ALLOW_PAM_ROTATION} is Keeper's legacy name for the rotation rights: it satisfies both
 * {@code ALLOW_ROTATE_CREDENTIALS} and {@code ALLOW_CONFIGURE_ROTATION_SETTINGS} ({@link PolicyCheck}), so it has no
 * rows of its own. {@code REQUIRE_TWO_FACTOR} is not a permission; sessions enforce it.
 */
public final class CommandPolicies {

    /** Name prefixes of the commands that must have a row. */
    public static final List<String> GOVERNED_PREFIXES = List.of("app_", "gateway_", "job_", "pam_", "rotat",
            "tunnel_", "discovery_", "connection_", "rbi_", "recording_");

    private static final Map<String, CommandPolicy> ROWS = new LinkedHashMap<>();

    static {
        String sm = "Secrets Manager applications and their devices";
        for (String c : List.of("app_create", "app_list", "app_get", "app_remove", "app_share", "app_grant_add",
                "app_grant_remove", "app_client_add", "app_client_list", "app_client_remove")) {
            row(c, ALWAYS, sm, ALLOW_SECRETS_MANAGER);
        }
        row("gateway_add", ALWAYS, "creating a gateway (and its one-time token): a device of a Secrets Manager"
                + " application", ALLOW_PAM_GATEWAY, ALLOW_SECRETS_MANAGER);
        for (String c : List.of("gateway_list", "gateway_remove", "gateway_info")) {
            row(c, ALWAYS, "gateways: list, show, remove", ALLOW_PAM_GATEWAY);
        }
        row("job_info", NONE, "answers only jobs of gateways whose application the caller sees (rotation and tunnel"
                + " users follow their own jobs)");
        row("pam_config_add", WHEN_CHANGED, "a configuration's features and port mapping: tunneling and the port"
                + " mapping, connections and recordings, remote browser isolation, rotation",
                ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS, ALLOW_CONFIGURE_PAM_CLOUD_CONNECTION_SETTINGS,
                ALLOW_CONFIGURE_RBI, ALLOW_CONFIGURE_ROTATION_SETTINGS);
        row("pam_config_edit", WHEN_CHANGED, "setting or clearing those features, or setting the port mapping",
                ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS, ALLOW_CONFIGURE_PAM_CLOUD_CONNECTION_SETTINGS,
                ALLOW_CONFIGURE_RBI, ALLOW_CONFIGURE_ROTATION_SETTINGS);
        row("pam_config_list", NONE, "lists configurations whose records the caller already sees");
        row("rotation_set", ALWAYS, "a pamUser's rotation settings and schedule", ALLOW_CONFIGURE_ROTATION_SETTINGS);
        row("rotation_list", NONE, "reads rotation settings of records the caller already sees");
        row("rotation_info", NONE, "reads rotation settings of a record the caller already sees");
        row("rotate", ALWAYS, "rotating a credential on demand", ALLOW_ROTATE_CREDENTIALS);
        row("tunnel_open", BY_HANDLER, "opening a tunnel; the relay re-checks it every second and on every"
                + " revocation, and audits a refusal as tunnel_refused", ALLOW_LAUNCH_PAM_TUNNELS);
        row("tunnel_edit", BY_HANDLER, "turning tunneling on or off on a resource record (the handler checks the"
                + " policy before it looks the record up, then edit rights on the record)",
                ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS);
        row("tunnel_list", NONE, "lists the caller's own tunnels");
        row("tunnel_close", NONE, "ends the caller's own tunnel: giving up access never needs a right");
        row("connection_open", NOT_BUILT, "launching a connection (SSH, RDP, database session) through the gateway",
                ALLOW_LAUNCH_PAM_ON_CLOUD_CONNECTION);
        row("recording_get", NOT_BUILT, "playing back a connection's session recording", ALLOW_VIEW_KCM_RECORDINGS);
        row("rbi_open", NOT_BUILT, "launching a remote browser isolation session", ALLOW_LAUNCH_RBI);
        row("rbi_recording_get", NOT_BUILT, "playing back a remote browser isolation recording",
                ALLOW_VIEW_RBI_RECORDINGS);
        row("discovery_start", NOT_BUILT, "starting a discovery job on a gateway", ALLOW_PAM_DISCOVERY);
    }

    private CommandPolicies() {
    }

    private static void row(String command, CommandPolicy.Kind kind, String governs, EnforcementPolicy... policies) {
        if (ROWS.put(command, new CommandPolicy(command, kind, List.of(policies), governs)) != null) {
            throw new IllegalStateException("two rows for " + command);
        }
    }

    /** The row of {@code command}, if it has one. */
    public static Optional<CommandPolicy> of(String command) {
        return Optional.ofNullable(ROWS.get(command));
    }

    /** Every row, in the table's order. */
    public static List<CommandPolicy> rows() {
        return List.copyOf(ROWS.values());
    }

    /** Whether {@code command} is a PAM, Secrets Manager, gateway or tunnel command, which must have a row. */
    public static boolean isGoverned(String command) {
        return ROWS.containsKey(command) || GOVERNED_PREFIXES.stream().anyMatch(command::startsWith);
    }
}
