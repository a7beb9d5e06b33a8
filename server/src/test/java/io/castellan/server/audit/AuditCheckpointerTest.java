package io.castellan.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.server.MutableClock;
import io.castellan.server.keys.TransmissionKeys;
import io.castellan.store.AuditCheckpoint;
import io.castellan.store.AuditCheckpointRepository;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints on a real store and the server's real key: signed after N events or T minutes (whichever first), once
 * per head, verifiable with the server key and no other, and bound to their sequence number, hash and time.
 */
class AuditCheckpointerTest {

    @TempDir
    Path dataDir;

    @Test
    void checkpointsAreSignedByCountOrTimeAndVerify() {
        MutableClock clock = MutableClock.atNow();
        try (Store store = Store.open(StoreConfig.embedded(dataDir.resolve("db")))) {
            TransmissionKeys keys = TransmissionKeys.loadOrCreate(dataDir);
            AuditCheckpointRepository checkpoints = new AuditCheckpointRepository(store.transactions());
            AuditCheckpointer checkpointer = new AuditCheckpointer(store.auditEvents(), checkpoints, keys, clock, 3,
                    Duration.ofMinutes(5));
            StoreAudit audit = new StoreAudit(store.auditEvents(), clock);

            checkpointer.signIfDue();
            assertThat(checkpoints.latest()).as("nothing to sign in an empty chain").isEmpty();
            audit.record("logout", "u1", null, List.of("u1"), Audit.SUCCESS);
            checkpointer.signIfDue();
            assertThat(checkpoints.latest()).as("the first events are signed at once").map(AuditCheckpoint::seq)
                    .contains(1L);

            audit.record("logout", "u1", null, List.of("u1"), Audit.SUCCESS);
            audit.record("logout", "u1", null, List.of("u1"), Audit.SUCCESS);
            checkpointer.signIfDue();
            assertThat(checkpoints.latest().orElseThrow().seq()).as("2 events and 0 minutes: not due").isEqualTo(1);
            audit.record("logout", "u1", null, List.of("u1"), Audit.SUCCESS);
            checkpointer.signIfDue();
            assertThat(checkpoints.latest().orElseThrow().seq()).as("3 events: due").isEqualTo(4);

            audit.record("logout", "u1", null, List.of("u1"), Audit.SUCCESS, Map.of("n", "5"));
            clock.advance(Duration.ofMinutes(4));
            checkpointer.signIfDue();
            assertThat(checkpoints.latest().orElseThrow().seq()).isEqualTo(4);
            clock.advance(Duration.ofMinutes(1));
            checkpointer.signIfDue();
            assertThat(checkpoints.latest().orElseThrow().seq()).as("5 minutes: due").isEqualTo(5);
            assertThat(checkpointer.signHead().orElseThrow().seq()).as("a head is signed once").isEqualTo(5);
            assertThat(checkpoints.range(1, 10)).hasSize(3);

            var chain = store.auditEvents().range(1, Long.MAX_VALUE);
            var signed = checkpoints.range(1, Long.MAX_VALUE);
            assertThat(AuditVerification.verify(chain, signed, c -> Optional.of(keys.current().publicKey()))
                    .intact()).isTrue();
            var stranger = TransmissionKeys.loadOrCreate(dataDir.resolve("other")).current().publicKey();
            assertThat(AuditVerification.verify(chain, signed, c -> Optional.of(stranger)).problem().orElseThrow()
                    .message()).contains("not signed by a trusted server key");
            AuditCheckpoint real = signed.getLast();
            AuditCheckpoint moved = new AuditCheckpoint(real.seq() - 1, real.headHash(), real.signedAt(),
                    real.keyId(), real.publicKey(), real.signature());
            assertThat(AuditVerification.verify(chain, List.of(moved), c -> Optional.of(keys.current().publicKey()))
                    .intact()).as("the signature binds the sequence number").isFalse();
        }
    }
}
