package io.castellan.server.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.api.Responses;
import io.castellan.store.AuditCheckpoint;
import io.castellan.store.AuditEvent;

/**
 * Audit events and checkpoints as the JSON objects of {@code audit_export} (and the lines of an export file: the
 * CLI writes them unchanged), and the event body every SIEM sink and alert carries. {@code detailsJson} stays the exact
 * stored text, because the hash covers its bytes.
 */
public final class AuditJson {

    private AuditJson() {
    }

    public static ObjectNode event(AuditEvent stored) {
        var e = stored.event();
        ObjectNode o = Responses.object().put("type", "event").put("seq", stored.seq())
                .put("eventUid", e.eventUid()).put("occurredAt", e.occurredAt().toEpochMilli())
                .put("eventType", e.eventType()).put("actor", e.actor());
        if (e.sourceIp().isPresent()) {
            o.put("sourceIp", e.sourceIp().get());
        } else {
            o.putNull("sourceIp");
        }
        o.set("subjectUids", Responses.strings(e.subjectUids()));
        return o.put("result", e.result()).put("detailsJson", e.detailsJson()).put("prevHash", stored.prevHash())
                .put("hash", stored.hash());
    }

    static ObjectNode checkpoint(AuditCheckpoint c) {
        return Responses.object().put("type", "checkpoint").put("seq", c.seq()).put("headHash", c.headHash())
                .put("signedAt", c.signedAt().toEpochMilli()).put("keyId", c.keyId()).put("publicKey", c.publicKey())
                .put("signature", c.signature());
    }
}
