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
