package io.castellan.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An audit event to append; the store adds its sequence number and chain hashes. It must carry no secret: the
 * audit trail is exported and read by people. {@code occurredAt} is kept to the millisecond, the precision stored.
 *
 * @param subjectUids UIDs the event is about (records, users, gateways); none may contain a comma
 * @param detailsJson event-specific details as a JSON object ({@code "{}"} when none)
 */
public record NewAuditEvent(String eventUid, Instant occurredAt, String eventType, String actor,
        Optional<String> sourceIp, List<String> subjectUids, String result, String detailsJson) {

    public NewAuditEvent {
        Objects.requireNonNull(eventUid, "eventUid");
        occurredAt = Instant.ofEpochMilli(occurredAt.toEpochMilli()); // stored (and hashed) in milliseconds
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(result, "result");
        sourceIp = sourceIp == null ? Optional.empty() : sourceIp;
        subjectUids = List.copyOf(subjectUids);
        for (String uid : subjectUids) {
            if (uid.isEmpty() || uid.contains(",")) {
                throw new IllegalArgumentException("subject UID must be non-empty and free of commas: '" + uid + "'");
            }
        }
        detailsJson = detailsJson == null ? "{}" : detailsJson;
    }
}
