package io.castellan.client.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The administrators' audit commands ({@code audit_export}, {@code audit_verify}). Answers are the server's JSON
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
}
