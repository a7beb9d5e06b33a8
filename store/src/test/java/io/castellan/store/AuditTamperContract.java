package io.castellan.store;

import static io.castellan.store.AbstractStoreContractTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tampering with the real audit table, the four ways an insider with database access could: each is found by
 * {@link AuditChainVerifier} and the break names the event. Mixed into {@link AbstractStoreContractTest}, so it runs
 * on SQLite and PostgreSQL.
 */
interface AuditTamperContract {

    Store contractStore();


    @Test
    default void anIntactChainVerifies() {
        Store store = contractStore();
        appendSix(store);
        assertThat(AuditChainVerifier.firstBreak(all(store))).isEmpty();
    }

    @Test
    default void aModifiedEventIsNamed() {
        Store store = contractStore();
        appendSix(store);
        sql(store, "UPDATE audit_events SET actor = 'mallory' WHERE seq = 3");
        AuditChainBreak found = AuditChainVerifier.firstBreak(all(store)).orElseThrow();
        assertThat(found.kind()).isEqualTo(AuditChainBreak.Kind.MODIFIED);
        assertThat(found.seq()).isEqualTo(3);
        assertThat(found.eventUid()).isEqualTo("e3");
        assertThat(found.message()).contains("e3");
    }

    @Test
    default void aModifiedAndRehashedEventIsNamed() {
        Store store = contractStore();
        appendSix(store);
        AuditEvent e3 = store.auditEvents().range(3, 3).getFirst();
        NewAuditEvent ev = e3.event();
        NewAuditEvent forged = new NewAuditEvent(ev.eventUid(), ev.occurredAt(), ev.eventType(), "mallory",
                ev.sourceIp(), ev.subjectUids(), ev.result(), ev.detailsJson());
        sql(store, "UPDATE audit_events SET actor = 'mallory', hash = '" + AuditChainHash.of(3, forged,
                e3.prevHash()) + "' WHERE seq = 3");
        AuditChainBreak found = AuditChainVerifier.firstBreak(all(store)).orElseThrow();
        assertThat(found.kind()).isEqualTo(AuditChainBreak.Kind.MODIFIED);
        assertThat(found.eventUid()).isEqualTo("e3");
    }

    @Test
    default void aDeletedEventIsNamed() {
        Store store = contractStore();
        appendSix(store);
        sql(store, "DELETE FROM audit_events WHERE seq = 3");
        AuditChainBreak found = AuditChainVerifier.firstBreak(all(store)).orElseThrow();
        assertThat(found.kind()).isEqualTo(AuditChainBreak.Kind.DELETED);
        assertThat(found.seq()).isEqualTo(3);
    }

    @Test
    default void aDeletedEventIsNamedEvenWhenTheRestWereRenumbered() {
        Store store = contractStore();
        appendSix(store);
        sql(store, "DELETE FROM audit_events WHERE seq = 3");
        for (int s = 4; s <= 6; s++) {
            sql(store, "UPDATE audit_events SET seq = " + (s - 1) + " WHERE seq = " + s);
        }
        AuditChainBreak found = AuditChainVerifier.firstBreak(all(store)).orElseThrow();
        assertThat(found.kind()).isEqualTo(AuditChainBreak.Kind.DELETED);
        assertThat(found.seq()).isEqualTo(3);
    }

    @Test
    default void anInsertedEventIsNamed() {
        Store store = contractStore();
        appendSix(store);
        for (int s = 6; s >= 3; s--) {
            sql(store, "UPDATE audit_events SET seq = " + (s + 1) + " WHERE seq = " + s);
        }
        String prev = store.auditEvents().range(2, 2).getFirst().hash();
        NewAuditEvent fake = event("forged");
        String hash = AuditChainHash.of(3, fake, prev);
        store.transactions().write(h -> h.createUpdate("INSERT INTO audit_events (seq, event_uid, occurred_at,"
                        + " event_type, actor, source_ip, subject_uids, result, details_json, prev_hash, hash)"
                        + " VALUES (3, :uid, :at, :type, :actor, NULL, '', :result, :details, :prev, :hash)")
                .bind("uid", fake.eventUid()).bind("at", fake.occurredAt().toEpochMilli())
                .bind("type", fake.eventType()).bind("actor", fake.actor()).bind("result", fake.result())
                .bind("details", fake.detailsJson()).bind("prev", prev).bind("hash", hash).execute());
        AuditChainBreak found = AuditChainVerifier.firstBreak(all(store)).orElseThrow();
        assertThat(found.kind()).isEqualTo(AuditChainBreak.Kind.INSERTED);
        assertThat(found.seq()).isEqualTo(3);
        assertThat(found.eventUid()).isEqualTo("forged");
    }

    @Test
    default void reorderedEventsAreNamed() {
        Store store = contractStore();
        appendSix(store);
        sql(store, "UPDATE audit_events SET seq = 1000 WHERE seq = 3");
        sql(store, "UPDATE audit_events SET seq = 3 WHERE seq = 4");
        sql(store, "UPDATE audit_events SET seq = 4 WHERE seq = 1000");
        AuditChainBreak found = AuditChainVerifier.firstBreak(all(store)).orElseThrow();
        assertThat(found.kind()).isEqualTo(AuditChainBreak.Kind.REORDERED);
        assertThat(found.eventUid()).isIn("e3", "e4");
    }

    @Test
    default void aCheckpointExposesARewrittenOrTruncatedChain() {
        Store store = contractStore();
        appendSix(store);
        AuditEvent head = store.auditEvents().range(6, 6).getFirst();
        assertThat(AuditChainVerifier.checkpointBreak(all(store), 6, head.hash())).isEmpty();
        assertThat(AuditChainVerifier.checkpointBreak(all(store), 6, "0".repeat(64)).orElseThrow().kind())
                .isEqualTo(AuditChainBreak.Kind.CHECKPOINT_MISMATCH);
        sql(store, "DELETE FROM audit_events WHERE seq = 6");
        assertThat(AuditChainVerifier.firstBreak(all(store))).as("the tail cut is invisible to the chain").isEmpty();
        AuditChainBreak truncated = AuditChainVerifier.checkpointBreak(all(store), 6, head.hash()).orElseThrow();
        assertThat(truncated.kind()).isEqualTo(AuditChainBreak.Kind.DELETED);
        assertThat(truncated.seq()).isEqualTo(6);
    }

    @Test
    default void checkpointsAreStoredOncePerEventAndReadBackInOrder() {
        Store store = contractStore();
        AuditCheckpointRepository checkpoints = new AuditCheckpointRepository(store.transactions());
        assertThat(checkpoints.latest()).isEmpty();
        AuditCheckpoint first = new AuditCheckpoint(3, "a".repeat(64), java.time.Instant.ofEpochMilli(1_000), 1,
                "pub", "sig");
        AuditCheckpoint second = new AuditCheckpoint(7, "b".repeat(64), java.time.Instant.ofEpochMilli(2_000), 2,
                "pub2", "sig2");
        assertThat(checkpoints.insert(second)).isTrue();
        assertThat(checkpoints.insert(first)).isTrue();
        assertThat(checkpoints.insert(new AuditCheckpoint(3, "c".repeat(64), java.time.Instant.EPOCH, 1, "x", "y")))
                .as("the first checkpoint of an event stands").isFalse();
        assertThat(checkpoints.latest()).contains(second);
        assertThat(checkpoints.range(1, 10)).containsExactly(first, second);
        assertThat(checkpoints.range(4, 10)).containsExactly(second);
    }

    @Test
    default void reportsFilterByTimeTypePartyAndSubject() {
        Store store = contractStore();
        java.time.Instant t0 = java.time.Instant.ofEpochMilli(1_800_000_000_000L);
        AuditEventRepository events = store.auditEvents();
        events.append(new NewAuditEvent("r1", t0, "record_created", "alice", java.util.Optional.of("10.0.0.1"),
                List.of("rec_A", "fold1"), "success", "{}"));
        events.append(new NewAuditEvent("r2", t0.plusSeconds(60), "record_updated", "bob", java.util.Optional.empty(),
                List.of("recXA"), "success", "{}"));
        events.append(new NewAuditEvent("r3", t0.plusSeconds(120), "user_disabled", "alice",
                java.util.Optional.empty(), List.of("bob"), "success", "{}"));
        java.util.function.Function<AuditQuery, List<String>> uids = q -> events.search(q).stream()
                .map(e -> e.event().eventUid()).toList();
        java.util.Optional<String> none = java.util.Optional.empty();
        java.util.Optional<java.time.Instant> noTime = java.util.Optional.empty();
        assertThat(uids.apply(new AuditQuery(noTime, noTime, none, none, none, 10))).containsExactly("r1", "r2", "r3");
        assertThat(uids.apply(new AuditQuery(java.util.Optional.of(t0.plusSeconds(60)),
                java.util.Optional.of(t0.plusSeconds(120)), none, none, none, 10))).containsExactly("r2");
        assertThat(uids.apply(new AuditQuery(noTime, noTime, java.util.Optional.of("user_disabled"), none, none,
                10))).containsExactly("r3");
        assertThat(uids.apply(new AuditQuery(noTime, noTime, none, java.util.Optional.of("bob"), none, 10)))
                .as("bob as actor or subject").containsExactly("r2", "r3");
        assertThat(uids.apply(new AuditQuery(noTime, noTime, none, none, java.util.Optional.of("rec_A"), 10)))
                .as("a whole subject UID; '_' is not a wildcard").containsExactly("r1");
        assertThat(uids.apply(new AuditQuery(noTime, noTime, none, none, none, 2))).containsExactly("r1", "r2");
    }

    private static void appendSix(Store store) {
        for (int i = 1; i <= 6; i++) {
            store.auditEvents().append(event("e" + i));
        }
    }

    private static List<AuditEvent> all(Store store) {
        return store.auditEvents().range(1, Long.MAX_VALUE);
    }

    private static void sql(Store store, String statement) {
        store.transactions().write(h -> h.execute(statement));
    }
}
