package io.castellan.store;

/**
 * Where and how an audit chain is broken: the first inconsistency {@link AuditChainVerifier} found.
 *
 * @param kind     what the evidence says happened
 * @param seq      the sequence number the break concerns (the deleted number, the inserted or moved event's number)
 * @param eventUid the event concerned, or null when it is gone (a deletion)
 * @param message  a sentence naming the event, for people
 */
public record AuditChainBreak(Kind kind, long seq, String eventUid, String message) {

    /** The four kinds of tampering a hash chain reveals. */
    public enum Kind {
        /** An event's content no longer matches its hash (or the next event does not chain to it). */
        MODIFIED,
        /** One or more sequence numbers are missing, or the chain skips over an event that is gone. */
        DELETED,
        /** An event that was never appended sits in the chain. */
        INSERTED,
        /** An event sits at a place in the chain other than where it was appended. */
        REORDERED,
        /** A signed checkpoint does not match the chain (rewritten, or truncated after the checkpoint). */
        CHECKPOINT_MISMATCH
    }
}
