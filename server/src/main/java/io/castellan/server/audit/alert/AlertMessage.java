package io.castellan.server.audit.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.api.Responses;
import io.castellan.server.audit.AuditJson;
import io.castellan.store.AuditEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One alert: the rule's name and either one event, or a summary of several (when the rule is over its rate, the
 * excess is coalesced into one message counting them by type). Never a secret: events hold none.
 */
record AlertMessage(String rule, List<AuditEvent> events, boolean summary) {

    AlertMessage {
        events = List.copyOf(events);
    }

    String subject() {
        return summary ? "Castellan alert '" + rule + "': " + events.size() + " more matching events"
                : "Castellan alert '" + rule + "': " + events.getFirst().event().eventType();
    }

    /** Plain text, for Slack, Teams, e-mail and the log. */
    String text() {
        if (!summary) {
            return subject() + "\n" + line(events.getFirst());
        }
        Map<String, Integer> byType = new TreeMap<>();
        events.forEach(e -> byType.merge(e.event().eventType(), 1, Integer::sum));
        return subject() + " (rate limit reached; events " + events.getFirst().seq() + " to "
                + events.getLast().seq() + " of the audit trail): " + byType;
    }

    static String line(AuditEvent stored) {
        var e = stored.event();
        return e.eventType() + " at " + e.occurredAt() + " by " + e.actor() + ", result " + e.result()
                + (e.subjectUids().isEmpty() ? "" : ", subjects " + String.join(" ", e.subjectUids()))
                + ", details " + e.detailsJson() + " (audit event " + stored.seq() + ")";
    }

    /** JSON, for webhooks: the rule, the text, and the events in the shape of {@code audit export}. */
    ObjectNode json() {
        ObjectNode o = Responses.object().put("alert", rule).put("summary", summary).put("text", text())
                .put("count", events.size());
        ArrayNode list = o.putArray("events");
        (summary ? List.<AuditEvent>of() : events).forEach(e -> list.add(AuditJson.event(e)));
        return o;
    }
}
