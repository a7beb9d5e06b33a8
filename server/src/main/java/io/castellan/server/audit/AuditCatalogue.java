package io.castellan.server.audit;

import java.util.List;
import java.util.Optional;

/**
 * The audit event catalogue: every event type the server emits, its category and what it means, in one place.
 * docs/audit.md holds the same table ({@code AuditCatalogueTest} checks both ways), and the test also checks that
 * every event-type constant of the server's packages is listed here. Strings, not references to those constants,
 * so this package does not depend on the features that depend on it.
 */
public final class AuditCatalogue {

    /** One event type. {@code category} groups types for people and SIEM rules; it is not stored with events. */
    public record Entry(String type, String category, String description) {
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("login_succeeded", "account",
                    "A user logged in (password and, when enrolled, TOTP). Subjects: user."),
            new Entry("login_failed", "account",
                    "Wrong password or TOTP code; actor `unknown` when the e-mail has no active account. "
                            + "Result `failure`."),
            new Entry("login_locked", "account",
                    "The account reached the lock threshold of failed logins. Result `denied`."),
            new Entry("logout", "account",
                    "A user ended their session. Subjects: user."),
            new Entry("session_expired", "account",
                    "A request arrived with a session past its idle or absolute timeout; the session is now "
                            + "revoked."),
            new Entry("user_registered", "account",
                    "A user completed registration (with an invitation code). Subjects: user."),
            new Entry("admin_created", "account",
                    "The first administrator was created by `server init-admin`. Actor `system`."),
            new Entry("totp_enabled", "account",
                    "A user confirmed TOTP two-factor enrolment. Subjects: user."),
            new Entry("user_invited", "enterprise",
                    "An administrator invited an e-mail. Subjects: user."),
            new Entry("user_disabled", "enterprise",
                    "An administrator disabled a user; details `sessionsRevoked`."),
            new Entry("user_enabled", "enterprise",
                    "An administrator re-enabled a disabled or locked account."),
            new Entry("team_created", "enterprise",
                    "Subjects: team."),
            new Entry("team_member_added", "enterprise",
                    "Subjects: team, user."),
            new Entry("team_member_removed", "enterprise",
                    "Subjects: team, user."),
            new Entry("team_keys_set", "enterprise",
                    "The team's key pair was stored (subjects: team); never the keys themselves."),
            new Entry("team_member_key_set", "enterprise",
                    "A pending member received the team key (subjects: team, user)."),
            new Entry("team_renamed", "enterprise",
                    "Subjects: team."),
            new Entry("team_removed", "enterprise",
                    "Subjects: team."),
            new Entry("role_created", "enterprise",
                    "Subjects: role."),
            new Entry("role_enforcement_changed", "enterprise",
                    "An enforcement policy of a role was set; details the policy name and value."),
            new Entry("role_member_added", "enterprise",
                    "Subjects: role, user."),
            new Entry("role_member_removed", "enterprise",
                    "Subjects: role, user."),
            new Entry("record_created", "vault",
                    "Subjects: record, folder (when filed in one); details `subFolder` when placed in a folder inside"
                            + " a shared folder."),
            new Entry("record_updated", "vault",
                    "Subjects: record."),
            new Entry("record_deleted", "vault",
                    "Subjects: record."),
            new Entry("record_moved", "vault",
                    "Subjects: record, target folder; details `from`, `to` (a folder inside a shared folder when the"
                            + " record was or is placed in one)."),
            new Entry("folder_created", "vault",
                    "Subjects: folder; details `kind`."),
            new Entry("folder_deleted", "vault",
                    "Subjects: folder."),
            new Entry("subfolder_created", "vault",
                    "A vault user made a folder inside a shared folder. Subjects: folder, shared folder; details"
                            + " `parent`."),
            new Entry("subfolder_renamed", "vault",
                    "A vault user renamed a folder inside a shared folder. Subjects: folder, shared folder."),
            new Entry("subfolder_deleted", "vault",
                    "A vault user deleted a folder inside a shared folder (and the folders below it). Subjects:"
                            + " folder, shared folder; details `records` (records deleted with it)."),
            new Entry("attachment_uploaded", "vault",
                    "Subjects: attachment, record; details `size`."),
            new Entry("attachment_downloaded", "vault",
                    "Subjects: attachment, record."),
            new Entry("record_shared", "sharing",
                    "Subjects: record, recipient; details `canEdit`, `canShare`, `expiresAt`, "
                            + "`rotateOnExpiration`."),
            new Entry("record_unshared", "sharing",
                    "Subjects: record, former recipient."),
            new Entry("record_share_expired", "sharing",
                    "A time-limited share ended. Actor `system`; subjects: record, former recipient."),
            new Entry("folder_member_added", "sharing",
                    "Subjects: folder, member (user or team); details: the member's permissions."),
            new Entry("folder_member_removed", "sharing",
                    "Subjects: folder, former member."),
            new Entry("app_created", "applications",
                    "A Secrets Manager application was created. Subjects: application."),
            new Entry("app_removed", "applications",
                    "Subjects: application; details `clients` (how many devices and gateways stopped working)."),
            new Entry("app_shared", "applications",
                    "Subjects: application, member; details `role`."),
            new Entry("app_grant_added", "applications",
                    "Subjects: application, record or folder; details `kind`, `editable`."),
            new Entry("app_grant_removed", "applications",
                    "Subjects: application, record or folder."),
            new Entry("device_added", "applications",
                    "A client device was added (one-time token issued). Subjects: application; details "
                            + "`client`, `name`, `kind`, `lockIp`."),
            new Entry("device_removed", "applications",
                    "Subjects: application; details `client`, `name`."),
            new Entry("device_bound", "devices",
                    "A device bound its public key with its one-time token; details `ip`, `lockedIp`."),
            new Entry("device_access_denied", "devices",
                    "A known device was refused (result `denied`); details `reason`, `endpoint`."),
            new Entry("device_secrets_read", "devices",
                    "One get_secret answer; subjects: application and every record served."),
            new Entry("secret_updated", "devices",
                    "Subjects: application, record; details `transactionType` (`general` or `rotation`)."),
            new Entry("secret_update_pending", "devices",
                    "A rotation's new data is pending (not current yet). Subjects: application, record."),
            new Entry("secret_update_rolled_back", "devices",
                    "A pending rotation was discarded. Subjects: application, record."),
            new Entry("secret_created", "devices",
                    "Subjects: application, record, shared folder."),
            new Entry("secret_deleted", "devices",
                    "Subjects: application, record."),
            new Entry("secret_folder_created", "devices",
                    "Subjects: application, sub-folder, shared folder."),
            new Entry("secret_folder_updated", "devices",
                    "Subjects: application, sub-folder."),
            new Entry("secret_folder_deleted", "devices",
                    "Subjects: application, sub-folder; details `records`."),
            new Entry("secret_file_uploaded", "devices",
                    "Subjects: application, file, owner record; details `size`."),
            new Entry("secret_file_downloaded", "devices",
                    "Subjects: application, file, owner record."),
            new Entry("gateway_added", "gateway",
                    "A user added a gateway; subjects: application, gateway; details `name`."),
            new Entry("gateway_removed", "gateway",
                    "A user removed a gateway (its device goes with it and its socket is closed at once)."),
            new Entry("gateway_online", "gateway",
                    "A gateway authenticated on a server node; actor `gateway:<uid>`; details `node`, `version`."),
            new Entry("gateway_offline", "gateway",
                    "A gateway's socket closed or went silent; details `node`, `reason`."),
            new Entry("gateway_connect_refused", "gateway",
                    "A gateway connection was refused (result `denied`); details `reason`."),
            new Entry("pam_config_added", "configuration",
                    "Subjects: PAM configuration; details `environment`, `features`, `gateway`."),
            new Entry("pam_config_changed", "configuration",
                    "Subjects: PAM configuration; details as `pam_config_added`."),
            new Entry("rotation_settings_changed", "configuration",
                    "Subjects: pamUser, resource, configuration; details `rotationType`, `noop`, `enabled`."),
            new Entry("rotation_requested", "rotation",
                    "A user asked for a rotation; subjects: pamUser, resource, configuration; details `jobId`."),
            new Entry("rotation_started", "rotation",
                    "The gateway began a rotation job. Actor `gateway:<uid>`; subjects: the job's records; "
                            + "details `jobId`."),
            new Entry("rotation_succeeded", "rotation",
                    "The gateway committed the new credential. Subjects: the job's records; details `jobId`."),
            new Entry("rotation_failed", "rotation",
                    "A rotation job failed, was rejected or timed out (result `failure`); details `jobId`, "
                            + "`state`."),
            new Entry("rotation_scheduled", "rotation",
                    "A due scheduled rotation was handed to the Router (actor `scheduler`), or a rotation a gateway "
                            + "left pending was handed back to it when it came online (actor `system`, details "
                            + "`reason` = `interrupted`). Subjects: pamUser, resource, configuration; details `jobId`."),
            new Entry("rotation_flagged", "rotation",
                    "A scheduled rotation failed too often in a row and stopped (result `failure`). "
                            + "Actor `scheduler`; subjects: pamUser, resource, configuration; details "
                            + "`failures`, `lastJobId`, `reason`. Alertable."),
            new Entry("rotation_after_share_expiry", "rotation",
                    "A share asking for `rotateOnExpiration` ended and a rotation of its pamUser was "
                            + "submitted (result `failure` when none could be). Actor `scheduler`; subjects: "
                            + "pamUser, former recipient, resource, configuration; details `jobId` or `reason`."),
            new Entry("audit_exported", "audit",
                    "An administrator exported the audit trail; details `fromSeq`, `toSeq`."),
            new Entry("audit_verified", "audit",
                    "An administrator verified the chain online; result `failure` when a break was found; "
                            + "details `kind`, `seq`."),
            new Entry("audit_reported", "audit",
                    "An administrator ran an audit report; details: the filters."),
            new Entry("audit_sink_added", "audit",
                    "An administrator added a SIEM export sink; details `name`, `type` (never its token)."),
            new Entry("audit_sink_removed", "audit",
                    "An administrator removed a SIEM export sink; details `name`."),
            new Entry("alert_rule_added", "audit",
                    "An administrator added or replaced an alert rule (or the server shipped `gateway-offline`); "
                            + "details `name`, `channel`, `eventTypes`, `replaced`."),
            new Entry("alert_rule_removed", "audit",
                    "An administrator removed an alert rule; details `name`."),
            new Entry("alert_sent", "audit",
                    "An alert rule delivered a message. Actor `system`; details `rule`, `channel`, `events`."),
            new Entry("alert_failed", "audit",
                    "An alert rule's channel refused a message (once per run of failures; retried with backoff). "
                            + "Result `failure`; details `rule`, `channel`."));

    private AuditCatalogue() {
    }

    /** Every entry, grouped by category, in a stable order. */
    public static List<Entry> all() {
        return ENTRIES;
    }

    /** The entry of {@code type}, if the catalogue lists it. */
    public static Optional<Entry> of(String type) {
        return ENTRIES.stream().filter(e -> e.type().equals(type)).findFirst();
    }

    /** The catalogue as the Markdown table docs/audit.md carries. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| Event type | Category | Meaning |\n|---|---|---|\n");
        for (Entry e : ENTRIES) {
            table.append("| `").append(e.type()).append("` | ").append(e.category()).append(" | ")
                    .append(e.description()).append(" |\n");
        }
        return table.toString();
    }
}
