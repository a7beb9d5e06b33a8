package io.castellan.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Filters of an audit report; every present filter must match.
 *
 * @param since      events at or after this time
 * @param until      events before this time
 * @param eventType  exactly this type
 * @param party      this UID (or e-mail) as the actor or among the subjects
 * @param subjectUid this UID among the subjects (a record, folder, gateway, ...)
 * @param limit      at most this many events, oldest first
 */
public record AuditQuery(Optional<Instant> since, Optional<Instant> until, Optional<String> eventType,
        Optional<String> party, Optional<String> subjectUid, int limit) {
}
