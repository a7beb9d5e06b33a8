package io.castellan.client.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The administrators' audit commands ({@code audit_export}, {@code audit_verify}, the SIEM sinks and alert rules). Answers are the server's JSON
 * unchanged: an export's event and checkpoint objects are written to the export file as they come, because their
 * hashes cover the exact field values.
 */
public final class AuditApi {

    private final ApiSession session;

    public AuditApi(ApiSession session) {
        this.session = session;
    }

    /** One page of events from {@code fromSeq} (at most {@code limit}); the first page signs a checkpoint. */
    public ObjectNode export(long fromSeq, int limit) {
        return session.call("audit_export", Wire.object().put("fromSeq", fromSeq).put("limit", limit));
    }

    /** The server verifies its whole chain and its checkpoints and answers {@code intact} and any break. */
    public ObjectNode verify() {
        return session.call("audit_verify", Wire.object());
    }

    /** Events matching the filters in {@code request} ({@code since}, {@code until}, {@code eventType}, {@code user},
     * {@code record}, {@code limit}), oldest first. */
    public ObjectNode report(ObjectNode request) {
        return session.call("audit_report", request);
    }

    /** Adds a SIEM sink ({@code audit_sink_add}); the answer shows its settings, never its secrets. */
    public ObjectNode sinkAdd(ObjectNode request) {
        return session.call("audit_sink_add", request);
    }

    /** The sinks with their delivery state ({@code audit_sink_list}). */
    public ObjectNode sinkList() {
        return session.call("audit_sink_list", Wire.object());
    }

    /** Sends one synthetic event to the sink now ({@code audit_sink_test}): {@code delivered} and any {@code error}. */
    public ObjectNode sinkTest(String name) {
        return session.call("audit_sink_test", Wire.object().put("name", name));
    }

    public ObjectNode sinkRemove(String name) {
        return session.call("audit_sink_remove", Wire.object().put("name", name));
    }

    /** Adds an alert rule, or with {@code "replace": true} changes one ({@code alert_add}). */
    public ObjectNode alertAdd(ObjectNode request) {
        return session.call("alert_add", request);
    }

    public ObjectNode alertList() {
        return session.call("alert_list", Wire.object());
    }

    public ObjectNode alertTest(String name) {
        return session.call("alert_test", Wire.object().put("name", name));
    }

    public ObjectNode alertRemove(String name) {
        return session.call("alert_remove", Wire.object().put("name", name));
    }
}
