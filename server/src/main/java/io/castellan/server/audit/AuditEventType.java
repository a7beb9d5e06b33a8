package io.castellan.server.audit;

/**
 * The audit event types the account, enterprise and audit commands emit (stable strings: auditors and SIEM rules match on
 * them). Open by design: other packages (the vault, later the router) define their own constants alongside and pass
 * any string to {@link Audit#record}. {@link AuditCatalogue} lists every type of every package.
 */
public final class AuditEventType {

    public static final String LOGIN_SUCCEEDED = "login_succeeded";
    /** Wrong password or TOTP code; actor {@code unknown} when the e-mail has no active account. */
    public static final String LOGIN_FAILED = "login_failed";
    /** The account reached the lock threshold of failed logins. */
    public static final String LOGIN_LOCKED = "login_locked";
    public static final String LOGOUT = "logout";
    /** A request arrived with a session past its idle or absolute timeout; the session is now revoked. */
    public static final String SESSION_EXPIRED = "session_expired";
    public static final String USER_REGISTERED = "user_registered";
    public static final String USER_INVITED = "user_invited";
    public static final String USER_DISABLED = "user_disabled";
    /** An administrator re-enabled a disabled or locked account. */
    public static final String USER_ENABLED = "user_enabled";
    public static final String ADMIN_CREATED = "admin_created";
    public static final String TOTP_ENABLED = "totp_enabled";
    public static final String TEAM_CREATED = "team_created";
    public static final String TEAM_MEMBER_ADDED = "team_member_added";
    public static final String TEAM_MEMBER_REMOVED = "team_member_removed";
    /** The team's key pair was stored (subjects: team); never the keys themselves. */
    public static final String TEAM_KEYS_SET = "team_keys_set";
    /** A pending member received the team key (subjects: team, user). */
    public static final String TEAM_MEMBER_KEY_SET = "team_member_key_set";
    public static final String TEAM_RENAMED = "team_renamed";
    public static final String TEAM_REMOVED = "team_removed";
    public static final String ROLE_CREATED = "role_created";
    public static final String ROLE_ENFORCEMENT_CHANGED = "role_enforcement_changed";
    public static final String ROLE_MEMBER_ADDED = "role_member_added";
    public static final String ROLE_MEMBER_REMOVED = "role_member_removed";

    /** An administrator exported the audit trail (details {@code fromSeq}, {@code toSeq}). */
    public static final String AUDIT_EXPORTED = "audit_exported";
    /** An administrator verified the chain online (result {@code failure} when it is broken). */
    public static final String AUDIT_VERIFIED = "audit_verified";
    /** An administrator ran an audit report (details: the filters). */
    public static final String AUDIT_REPORTED = "audit_reported";

    private AuditEventType() {
    }
}
