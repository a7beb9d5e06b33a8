package io.castellan.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.server.MutableClock;
import io.castellan.server.audit.StoreAudit;
import io.castellan.server.vault.VaultMaintenance;
import io.castellan.store.HolderKind;
import io.castellan.store.RecordKey;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import io.castellan.store.UserKeys;
import io.castellan.store.UserStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vault's sweeper with the scheduler's expiry rotations on a real SQLite store and a clock the test moves. */
class ShareExpiryRotationsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String ON_DEMAND = null;

    @TempDir
    Path dir;

    private Store store;
    private MutableClock clock;
    private SchedulerFixture fx;
    private VaultMaintenance sweeper;

    @BeforeEach
    void open() {
        store = Store.open(StoreConfig.of(dir.resolve("data"), null));
        clock = new MutableClock(T0);
        fx = new SchedulerFixture(store, clock).seed();
        store.users().create("bob", "bob@example.com", UserStatus.ACTIVE, false, new UserKeys(
                SchedulerFixture.bytes("salt"), 1_000_000, SchedulerFixture.bytes("v"), SchedulerFixture.bytes("dk"),
                SchedulerFixture.bytes("pub"), SchedulerFixture.bytes("priv")));
        StoreAudit audit = new StoreAudit(store.auditEvents(), clock);
        sweeper = new VaultMaintenance(store, audit, clock, new ShareExpiryRotations(store, audit, clock,
                fx.submitter()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void share(String recordUid, Duration lasts, boolean rotate) {
        store.recordKeys().put(new RecordKey(recordUid, HolderKind.USER, "bob", SchedulerFixture.bytes("sealed"),
                false, false, Optional.of(clock.instant().plus(lasts))), rotate);
    }

    private long events(String result, String uid) {
        return store.read(h -> h.createQuery("SELECT COUNT(*) FROM audit_events WHERE event_type = :type"
                        + " AND result = :result AND subject_uids LIKE :uid")
                .bind("type", SchedulerAuditEvents.ROTATION_AFTER_SHARE_EXPIRY).bind("result", result)
                .bind("uid", "%" + uid + "%").mapTo(Long.class).one());
    }

    @Test
    void anExpiredShareAskingForRotationSubmitsOneRotationWhenItIsRemoved() {
        fx.unplannedPamUser("user1", Optional.ofNullable(ON_DEMAND), true);
        fx.unplannedPamUser("user2", Optional.ofNullable(ON_DEMAND), true);
        share("user1", Duration.ofMinutes(10), true);
        share("user2", Duration.ofMinutes(10), false);

        assertThat(sweeper.sweepExpiredShares()).as("nothing expired yet").isZero();
        assertThat(fx.jobCount("user1")).isZero();

        clock.advance(Duration.ofMinutes(10));
        assertThat(sweeper.sweepExpiredShares()).isEqualTo(2);
        assertThat(fx.jobCount("user1")).isEqualTo(1);
        assertThat(fx.jobCount("user2")).as("a share without the flag rotates nothing").isZero();
        assertThat(events("success", "user1")).isEqualTo(1);
        String detail = store.read(h -> h.createQuery("SELECT details_json FROM audit_events WHERE event_type = :type")
                .bind("type", SchedulerAuditEvents.ROTATION_AFTER_SHARE_EXPIRY).mapTo(String.class).one());
        String jobId = store.read(h -> h.createQuery("SELECT id FROM gateway_jobs").mapTo(String.class).one());
        assertThat(detail).contains(jobId);
        assertThat(fx.jobs.get(jobId).orElseThrow().onDemand()).as("waits for an offline gateway").isFalse();
        assertThat(fx.jobs.get(jobId).orElseThrow().recordUids()).containsExactly("user1", "machine1", "config1");

        clock.advance(Duration.ofMinutes(10));
        assertThat(sweeper.sweepExpiredShares()).isZero();
        assertThat(fx.jobCount("user1")).as("once").isEqualTo(1);
    }

    @Test
    void aShareWhoseRecordCannotRotateIsStillRemovedAndTheFailureAudited() {
        fx.unplannedPamUser("disabled", Optional.ofNullable(ON_DEMAND), false);
        share("disabled", Duration.ofSeconds(5), true);
        store.records().insert("plain", "owner", Optional.of("sf1"), SchedulerFixture.bytes("login"));
        share("plain", Duration.ofSeconds(5), true);

        clock.advance(Duration.ofSeconds(5));
        assertThat(sweeper.sweepExpiredShares()).isEqualTo(2);
        assertThat(fx.jobCount("disabled")).isZero();
        assertThat(events("failure", "disabled")).isEqualTo(1);
        assertThat(events("failure", "plain")).isEqualTo(1);
        assertThat(store.recordKeys().listByHolder(HolderKind.USER, "bob")).isEmpty();
        String reason = store.read(h -> h.createQuery("SELECT details_json FROM audit_events WHERE event_type = :type"
                        + " AND subject_uids LIKE '%disabled%'")
                .bind("type", SchedulerAuditEvents.ROTATION_AFTER_SHARE_EXPIRY).mapTo(String.class).one());
        assertThat(reason).contains("the rotation is disabled");
        assertThat(fx.jobCount("plain")).isZero();
    }
}
