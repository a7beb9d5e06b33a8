package io.castellan.server.audit.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.api.Responses;
import io.castellan.store.AuditEvent;
import java.util.Optional;

/**
 * The optional filters of an alert rule; an event matches when it passes every filter that is set. {@code user}: the
 * actor or a subject is that user UID; {@code record}: a subject is that UID; {@code gateway}: the actor is
 * {@code gateway:<uid>} or a subject is that UID; {@code result}: {@code success}, {@code failure} or {@code denied}.
 */
record AlertFilter(Optional<String> user, Optional<String> record, Optional<String> gateway,
        Optional<String> result) {

    static final AlertFilter NONE = new AlertFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    boolean matches(AuditEvent stored) {
        var e = stored.event();
        return user.map(u -> e.actor().equals(u) || e.subjectUids().contains(u)).orElse(true)
                && record.map(r -> e.subjectUids().contains(r)).orElse(true)
                && gateway.map(g -> e.actor().equals("gateway:" + g) || e.subjectUids().contains(g)).orElse(true)
                && result.map(r -> e.result().equals(r)).orElse(true);
    }

    ObjectNode json() {
        ObjectNode o = Responses.object();
        user.ifPresent(v -> o.put("user", v));
        record.ifPresent(v -> o.put("record", v));
        gateway.ifPresent(v -> o.put("gateway", v));
        result.ifPresent(v -> o.put("result", v));
        return o;
    }

    static AlertFilter of(ObjectNode o) {
        return new AlertFilter(text(o, "user"), text(o, "record"), text(o, "gateway"), text(o, "result"));
    }

    private static Optional<String> text(ObjectNode o, String field) {
        return o.hasNonNull(field) ? Optional.of(o.get(field).asText()) : Optional.empty();
    }
}
