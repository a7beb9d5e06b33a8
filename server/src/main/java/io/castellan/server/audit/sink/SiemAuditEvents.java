package io.castellan.server.audit.sink;

/** The audit event types of SIEM sinks and alert rules (listed in {@code AuditCatalogue}). */
public final class SiemAuditEvents {

    /** An administrator added a SIEM sink; details {@code name}, {@code type}. */
    public static final String AUDIT_SINK_ADDED = "audit_sink_added";
    /** An administrator removed a SIEM sink; details {@code name}. */
    public static final String AUDIT_SINK_REMOVED = "audit_sink_removed";
    /** An administrator added or changed an alert rule; details {@code name}, {@code channel}, {@code eventTypes}. */
    public static final String ALERT_RULE_ADDED = "alert_rule_added";
    /** An administrator removed an alert rule; details {@code name}. */
    public static final String ALERT_RULE_REMOVED = "alert_rule_removed";
    /** An alert rule delivered a message; details {@code rule}, {@code channel}, {@code events}. */
    public static final String ALERT_SENT = "alert_sent";
    /** An alert rule's channel refused a message (recorded once per run of failures); details {@code rule}. */
    public static final String ALERT_FAILED = "alert_failed";

    private SiemAuditEvents() {
    }
}
