package io.castellan.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recomputes an audit chain (from the store, or from an export, in the order given) and names the first break: a
 * modified, deleted, inserted or reordered event. Pure: no I/O, so the server and the offline verifier share it.
 *
 * <p>The evidence read, in order, for the event at position {@code k}: its sequence number (gaps are deletions, an
 * expected number found later is a reordering); its hash recomputed with its own number (a hash that fits another
 * number is an event moved or renumbered; a hash that fits none is a modification); its link to the event before it
 * (a link that skips one event exposes that event as inserted; a link to nothing present exposes the event before
 * as modified and re-hashed). Only the first break is named: after it, every later link is suspect.
 */
public final class AuditChainVerifier {

    private AuditChainVerifier() {
    }

    /**
     * @param events the chain from seq 1, in stored (or file) order
     * @return the first break, or empty when every event verifies and chains to the one before
     */
    public static Optional<AuditChainBreak> firstBreak(List<AuditEvent> events) {
        Map<String, Integer> positionOfHash = new HashMap<>();
        Map<Long, Integer> positionOfSeq = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            positionOfHash.putIfAbsent(events.get(i).hash(), i);
            positionOfSeq.putIfAbsent(events.get(i).seq(), i);
        }
        long expectedSeq = 1;
        String expectedPrev = AuditChainHash.GENESIS;
        for (int k = 0; k < events.size(); k++) {
            AuditEvent e = events.get(k);
            int at = k;
            Optional<AuditChainBreak> problem = bySeq(events, k, expectedSeq, positionOfSeq)
                    .or(() -> byContent(events, at, positionOfHash))
                    .or(() -> byLink(events, at, positionOfHash));
            if (problem.isEmpty() && !e.prevHash().equals(expectedPrev)) {
                problem = Optional.of(modified(events.get(Math.max(0, k - 1))));
            }
            if (problem.isPresent()) {
                return problem;
            }
            expectedSeq = e.seq() + 1;
            expectedPrev = e.hash();
        }
        return Optional.empty();
    }

    /** A signed checkpoint's head must be the stored hash of that event; a checkpoint past the end means truncation. */
    public static Optional<AuditChainBreak> checkpointBreak(List<AuditEvent> events, long checkpointSeq,
            String checkpointHash) {
        for (AuditEvent e : events) {
            if (e.seq() == checkpointSeq) {
                return e.hash().equals(checkpointHash) ? Optional.empty() : Optional.of(new AuditChainBreak(
                        AuditChainBreak.Kind.CHECKPOINT_MISMATCH, checkpointSeq, e.event().eventUid(),
                        "event " + checkpointSeq + " (" + e.event().eventUid() + ") does not match the signed"
                                + " checkpoint: the chain up to it was rewritten"));
            }
        }
        return Optional.of(new AuditChainBreak(AuditChainBreak.Kind.DELETED, checkpointSeq, null,
                "event " + checkpointSeq + " is covered by a signed checkpoint but missing: events were deleted"
                        + " from the end of the chain"));
    }

    private static Optional<AuditChainBreak> bySeq(List<AuditEvent> events, int k, long expectedSeq,
            Map<Long, Integer> positionOfSeq) {
        AuditEvent e = events.get(k);
        if (e.seq() == expectedSeq) {
            return Optional.empty();
        }
        Integer later = positionOfSeq.get(expectedSeq);
        if (later != null && later > k) {
            AuditEvent moved = events.get(later);
            return Optional.of(new AuditChainBreak(AuditChainBreak.Kind.REORDERED, expectedSeq,
                    moved.event().eventUid(), "event " + expectedSeq + " (" + moved.event().eventUid()
                            + ") was moved: it appears after event " + e.seq()));
        }
        if (e.seq() > expectedSeq) {
            String which = e.seq() - 1 == expectedSeq ? "event " + expectedSeq
                    : "events " + expectedSeq + " to " + (e.seq() - 1);
            return Optional.of(new AuditChainBreak(AuditChainBreak.Kind.DELETED, expectedSeq, null,
                    which + " deleted: the chain jumps to event " + e.seq()));
        }
        return Optional.of(new AuditChainBreak(AuditChainBreak.Kind.INSERTED, e.seq(), e.event().eventUid(),
                "event " + e.event().eventUid() + " was inserted: its number " + e.seq() + " is already taken"));
    }

    private static Optional<AuditChainBreak> byContent(List<AuditEvent> events, int k,
            Map<String, Integer> positionOfHash) {
        AuditEvent e = events.get(k);
        if (AuditChainHash.of(e.seq(), e.event(), e.prevHash()).equals(e.hash())) {
            return Optional.empty();
        }
        if (k >= 2 && e.prevHash().equals(events.get(k - 2).hash())
                && AuditChainHash.of(e.seq() - 1, e.event(), e.prevHash()).equals(e.hash())) {
            return Optional.of(inserted(events.get(k - 1)));
        }
        Optional<Long> fits = seqThatFits(e, events.size());
        if (fits.isEmpty()) {
            return Optional.of(modified(e));
        }
        Integer linked = positionOfHash.get(e.prevHash());
        if (linked != null && linked > k) {
            return Optional.of(new AuditChainBreak(AuditChainBreak.Kind.REORDERED, fits.get(), e.event().eventUid(),
                    "event " + e.event().eventUid() + " was moved: it was appended as event " + fits.get()
                            + " but sits at " + e.seq()));
        }
        if (fits.get() == e.seq() + 1 && linked == null) {
            return Optional.of(new AuditChainBreak(AuditChainBreak.Kind.DELETED, e.seq(), null,
                    "event " + e.seq() + " deleted and the events after it renumbered"));
        }
        return Optional.of(new AuditChainBreak(AuditChainBreak.Kind.REORDERED, fits.get(), e.event().eventUid(),
                "event " + e.event().eventUid() + " was moved: it was appended as event " + fits.get()
                        + " but sits at " + e.seq()));
    }

    private static Optional<AuditChainBreak> byLink(List<AuditEvent> events, int k,
            Map<String, Integer> positionOfHash) {
        AuditEvent e = events.get(k);
        String before = k == 0 ? AuditChainHash.GENESIS : events.get(k - 1).hash();
        if (e.prevHash().equals(before)) {
            return Optional.empty();
        }
        if (k >= 2 && e.prevHash().equals(events.get(k - 2).hash())) {
            return Optional.of(inserted(events.get(k - 1)));
        }
        Integer linked = positionOfHash.get(e.prevHash());
        if (linked != null && linked > k) {
            return Optional.of(new AuditChainBreak(AuditChainBreak.Kind.REORDERED, e.seq(), e.event().eventUid(),
                    "event " + e.seq() + " (" + e.event().eventUid() + ") was moved: it chains to a later event"));
        }
        if (k == 0) {
            return Optional.of(new AuditChainBreak(AuditChainBreak.Kind.DELETED, 1, null,
                    "the first events were deleted: event " + e.seq() + " does not start the chain"));
        }
        return Optional.of(modified(events.get(k - 1)));
    }

    /** The sequence number this event's hash was computed with, if any up to {@code size + 1}. */
    private static Optional<Long> seqThatFits(AuditEvent e, int size) {
        for (long s = 1; s <= size + 1L; s++) {
            if (s != e.seq() && AuditChainHash.of(s, e.event(), e.prevHash()).equals(e.hash())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static AuditChainBreak modified(AuditEvent e) {
        return new AuditChainBreak(AuditChainBreak.Kind.MODIFIED, e.seq(), e.event().eventUid(),
                "event " + e.seq() + " (" + e.event().eventUid() + ") was modified: it no longer matches its hash");
    }

    private static AuditChainBreak inserted(AuditEvent e) {
        return new AuditChainBreak(AuditChainBreak.Kind.INSERTED, e.seq(), e.event().eventUid(),
                "event " + e.seq() + " (" + e.event().eventUid() + ") was inserted: the event after it chains past it");
    }
}
