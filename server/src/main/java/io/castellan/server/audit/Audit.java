package io.castellan.server.audit;

import java.util.List;

/**
 * Writes audit events. Fail closed: when an event cannot be written this throws a {@code CastellanException} with
 * {@code AUDIT_UNAVAILABLE}, and the caller must not perform (or must roll back) the action it records. Events never
 * hold a secret: only types, UIDs, emails, addresses and results.
 */
public interface Audit {

    /**
     * @param type     event type from the catalogue (e.g. {@code login_succeeded}, {@code record_updated})
     * @param actor    who acted: a user UID or email, {@code system}, or a device/gateway id
     * @param sourceIp the client address, or null
     * @param subjects UIDs the event is about (records, folders, users, ...)
     * @param result   {@code success}, {@code failure} or {@code denied}
     */
    void record(String type, String actor, String sourceIp, List<String> subjects, String result);
}
