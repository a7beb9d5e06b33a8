package io.castellan.server.audit;

import java.util.List;
import java.util.Map;

/**
 * Writes audit events. Fail closed: when an event cannot be written this throws a {@code CastellanException} with
 * {@code AUDIT_UNAVAILABLE}, and the caller must not perform (or must roll back) the action it records. Events never
 * hold a secret: only types, UIDs, emails, addresses and results.
 *
 * <p>The store-backed implementation ({@link StoreAudit}) joins the caller's store write transaction, so calling it
 * inside {@code store.write(...)} together with the change makes the change and its event commit together or not at
 * all. Event types are strings; {@link AuditEventType} lists the ones the account and enterprise commands emit.
 */
public interface Audit {

    /** {@code result} of an action that happened. */
    String SUCCESS = "success";
    /** {@code result} of an attempt that failed (wrong password, bad code). */
    String FAILURE = "failure";
    /** {@code result} of an attempt that was refused by policy. */
    String DENIED = "denied";

    /**
     * @param type     event type from the catalogue (e.g. {@code login_succeeded}, {@code record_updated})
     * @param actor    who acted: a user UID or email, {@code system}, or a device/gateway id
     * @param sourceIp the client address, or null
     * @param subjects UIDs the event is about (records, folders, users, ...)
     * @param result   {@code success}, {@code failure} or {@code denied}
     */
    void record(String type, String actor, String sourceIp, List<String> subjects, String result);

    /**
     * Like {@link #record(String, String, String, List, String)}, with a few safe details (names of policies, roles
     * or teams, counts; never a secret). The default drops the details, for simple test doubles.
     */
    default void record(String type, String actor, String sourceIp, List<String> subjects, String result,
            Map<String, String> details) {
        record(type, actor, sourceIp, subjects, result);
    }
}
