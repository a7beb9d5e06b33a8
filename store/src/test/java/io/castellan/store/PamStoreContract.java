package io.castellan.store;

import static io.castellan.store.AbstractStoreContractTest.bytes;
import static io.castellan.store.AbstractStoreContractTest.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of the PAM repositories (configuration metadata, rotation settings), mixed into
 * {@link AbstractStoreContractTest} so it runs on SQLite and PostgreSQL alike.
 */
interface PamStoreContract {

    /** A fresh, migrated store for one test. */
    Store contractStore();

    private static void seed(Store store) {
        store.users().create("owner", "owner@example.com", UserStatus.ACTIVE, false, keys("owner"));
        new FolderRepository(store.transactions(), Clock.systemUTC())
                .insert("sf1", FolderKind.SHARED, "owner", Optional.empty(), bytes("sf"));
        store.records().insert("config1", "owner", Optional.of("sf1"), bytes("config"));
        store.records().insert("machine1", "owner", Optional.of("sf1"), bytes("machine"));
        store.records().insert("user1", "owner", Optional.of("sf1"), bytes("user"));
    }

    private static PamConfiguration config(String uid, List<String> features, Optional<String> schedule) {
        return new PamConfiguration(uid, "owner", "local", "gateway-client-id", "sf1", features, schedule,
                "{\"2222\":\"ssh\"}", Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    default void configurationsAreInsertedUpdatedAndListed() {
        Store store = contractStore();
        seed(store);
        PamConfigurationRepository configs = new PamConfigurationRepository(store.transactions(), Clock.systemUTC());

        PamConfiguration saved = configs.insert(config("config1", List.of("rotation", "tunneling"),
                Optional.of("{\"type\":\"DAILY\"}")));
        assertThat(saved.features()).containsExactly("rotation", "tunneling");
        assertThat(saved.allows("rotation")).isTrue();
        assertThat(saved.allows("connections")).isFalse();
        assertThat(saved.scheduleJson()).contains("{\"type\":\"DAILY\"}");
        assertThat(saved.portMappingJson()).isEqualTo("{\"2222\":\"ssh\"}");
        assertThat(saved.createdAt()).isAfter(Instant.EPOCH);
        assertThatThrownBy(() -> configs.insert(config("config1", List.of(), Optional.empty())))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.DUPLICATE));

        PamConfiguration edited = configs.update(new PamConfiguration("config1", "someone-else", "aws", "gw2", "sf1",
                List.of(), Optional.empty(), "{}", Instant.EPOCH, Instant.EPOCH));
        assertThat(edited.ownerUid()).isEqualTo("owner");
        assertThat(edited.environment()).isEqualTo("aws");
        assertThat(edited.gatewayUid()).isEqualTo("gw2");
        assertThat(edited.features()).isEmpty();
        assertThat(edited.scheduleJson()).isEmpty();
        assertThat(edited.createdAt()).isEqualTo(saved.createdAt());
        assertThatThrownBy(() -> configs.update(config("machine1", List.of(), Optional.empty())))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_FOUND));

        assertThat(configs.list(List.of("config1", "machine1", "nothing"))).extracting(PamConfiguration::recordUid)
                .containsExactly("config1");
        assertThat(configs.list(List.of())).isEmpty();
        assertThat(configs.get("machine1")).isEmpty();
        assertThat(configs.inSharedFolder("sf1")).extracting(PamConfiguration::recordUid).containsExactly("config1");
        assertThat(configs.inSharedFolder("no-such-folder")).isEmpty();
    }

    @Test
    default void rotationSettingsAreReplacedListedCountedAndCascade() {
        Store store = contractStore();
        seed(store);
        Clock clock = Clock.systemUTC();
        PamConfigurationRepository configs = new PamConfigurationRepository(store.transactions(), clock);
        RotationSettingsRepository rotations = new RotationSettingsRepository(store.transactions(), clock);
        configs.insert(config("config1", List.of("rotation"), Optional.empty()));

        RotationSettings first = rotations.put(new RotationSettings("user1", "machine1", "config1", "general",
                Optional.of("{\"type\":\"ON_DEMAND\"}"), true, true, bytes("sealed-1"), "owner", Instant.EPOCH,
                Instant.EPOCH));
        assertThat(first.noop()).isTrue();
        assertThat(first.enabled()).isTrue();
        assertThat(first.encryptedSettings()).isEqualTo(bytes("sealed-1"));
        RotationSettings second = rotations.put(new RotationSettings("user1", "machine1", "config1", "iam_user",
                Optional.empty(), false, false, bytes("sealed-2"), "owner", Instant.EPOCH, Instant.EPOCH));
        assertThat(second.rotationType()).isEqualTo("iam_user");
        assertThat(second.scheduleJson()).isEmpty();
        assertThat(second.noop()).isFalse();
        assertThat(second.enabled()).isFalse();
        assertThat(second.encryptedSettings()).isEqualTo(bytes("sealed-2"));
        assertThat(second.createdAt()).isEqualTo(first.createdAt());
        assertThat(rotations.list(List.of("user1", "machine1"))).extracting(RotationSettings::recordUid)
                .containsExactly("user1");
        assertThat(rotations.countByConfig("config1")).isEqualTo(1);

        assertThatThrownBy(() -> rotations.put(new RotationSettings("user1", "machine1", "machine1", "general",
                Optional.empty(), false, true, bytes("x"), "owner", Instant.EPOCH, Instant.EPOCH)))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_FOUND));
        assertThatThrownBy(() -> rotations.put(new RotationSettings("ghost", "machine1", "config1", "general",
                Optional.empty(), false, true, bytes("x"), "owner", Instant.EPOCH, Instant.EPOCH)))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_FOUND));
        assertThat(rotations.get("user1").orElseThrow().encryptedSettings()).isEqualTo(bytes("sealed-2"));

        store.write(h -> h.createUpdate("DELETE FROM records WHERE uid = 'config1'").execute());
        assertThat(configs.get("config1")).isEmpty();
        assertThat(rotations.get("user1")).isEmpty();
    }

    @Test
    default void theTunnelingSwitchOfAResourceIsOffUntilSetAndCascades() {
        Store store = contractStore();
        seed(store);
        ResourceSettingsRepository settings = new ResourceSettingsRepository(store.transactions(), Clock.systemUTC());
        assertThat(settings.tunneling("machine1")).isEmpty();
        assertThat(settings.tunnelingEnabled("machine1")).isFalse();
        settings.setTunneling("machine1", true, "owner");
        assertThat(settings.tunnelingEnabled("machine1")).isTrue();
        assertThat(settings.tunnelingEnabled("user1")).isFalse();
        settings.setTunneling("machine1", false, "owner");
        assertThat(settings.tunneling("machine1")).contains(false);
        assertThatThrownBy(() -> settings.setTunneling("ghost", true, "owner"))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_FOUND));
        settings.setTunneling("machine1", true, "owner");
        store.write(h -> h.createUpdate("DELETE FROM records WHERE uid = 'machine1'").execute());
        assertThat(settings.tunneling("machine1")).isEmpty();
    }

    @Test
    default void deletingTheSharedFolderDeletesTheConfigurationAndItsRotations() {
        Store store = contractStore();
        store.users().create("owner", "owner@example.com", UserStatus.ACTIVE, false, keys("owner"));
        Clock clock = Clock.systemUTC();
        FolderRepository folders = new FolderRepository(store.transactions(), clock);
        folders.insert("sf1", FolderKind.SHARED, "owner", Optional.empty(), bytes("sf"));
        store.records().insert("config1", "owner", Optional.of("sf1"), bytes("config"));
        store.records().insert("machine1", "owner", Optional.empty(), bytes("machine"));
        store.records().insert("user1", "owner", Optional.empty(), bytes("user"));
        PamConfigurationRepository configs = new PamConfigurationRepository(store.transactions(), clock);
        RotationSettingsRepository rotations = new RotationSettingsRepository(store.transactions(), clock);
        configs.insert(config("config1", List.of("rotation"), Optional.empty()));
        rotations.put(new RotationSettings("user1", "machine1", "config1", "general", Optional.empty(), false, true,
                bytes("sealed"), "owner", Instant.EPOCH, Instant.EPOCH));

        store.records().softDelete("config1", 1);
        assertThat(folders.deleteEmpty("sf1")).isTrue();
        assertThat(configs.get("config1")).isEmpty();
        assertThat(rotations.get("user1")).isEmpty();
        assertThat(store.records().get("user1")).isPresent();
    }

    @Test
    default void rotationSchedulesArePlannedClaimedOnceFlaggedAndCascade() {
        Store store = contractStore();
        seed(store);
        Clock clock = Clock.systemUTC();
        new PamConfigurationRepository(store.transactions(), clock)
                .insert(config("config1", List.of("rotation"), Optional.empty()));
        new RotationSettingsRepository(store.transactions(), clock).put(new RotationSettings("user1", "machine1",
                "config1", "general", Optional.empty(), false, true, bytes("sealed"), "owner", Instant.EPOCH,
                Instant.EPOCH));
        RotationScheduleRepository schedules = new RotationScheduleRepository(store.transactions(), clock);
        Instant due = Instant.parse("2026-01-01T00:00:00Z");

        RotationSchedule planned = schedules.plan("user1", Optional.of(due), false);
        assertThat(planned.nextRunAt()).contains(due);
        assertThat(planned.jobId()).isEmpty();
        assertThat(schedules.due(due.minusMillis(1), 10)).isEmpty();
        assertThat(schedules.due(due, 10)).containsExactly(planned);

        RotationSchedule running = planned.withNext(Optional.of(due.plusSeconds(5))).withJob(Optional.of("job-1"))
                .withLastRun(due);
        assertThat(schedules.transition(planned, running)).isTrue();
        assertThat(schedules.transition(planned, running)).as("a second claim of the same run").isFalse();
        assertThat(schedules.get("user1")).contains(running);

        RotationSchedule replanned = schedules.plan("user1", Optional.of(due.plusSeconds(60)), false);
        assertThat(replanned.jobId()).as("an awaited job stays awaited").contains("job-1");
        assertThat(replanned.nextRunAt()).contains(due.plusSeconds(5));

        RotationSchedule flagged = running.withJob(Optional.empty()).withNext(Optional.empty())
                .withFailures(3, Optional.of(due));
        assertThat(schedules.transition(running, flagged)).isTrue();
        assertThat(schedules.plan("user1", Optional.of(due), false).nextRunAt()).as("a flag stops runs").isEmpty();
        RotationSchedule cleared = schedules.plan("user1", Optional.of(due), true);
        assertThat(cleared.flagged()).isFalse();
        assertThat(cleared.consecutiveFailures()).isZero();
        assertThat(cleared.nextRunAt()).contains(due);
        assertThat(cleared.lastRunAt()).contains(due);
        assertThat(schedules.list(List.of("user1", "machine1"))).containsExactly(cleared);

        store.write(h -> h.createUpdate("DELETE FROM pam_rotation_settings WHERE record_uid = 'user1'").execute());
        assertThat(schedules.get("user1")).isEmpty();
    }

    @Test
    default void aShareThatRotatesOnExpirationSaysSoWhenSweptAndReplacingItReplacesTheFlag() {
        Store store = contractStore();
        seed(store);
        store.users().create("bob", "bob@example.com", UserStatus.ACTIVE, false, keys("bob"));
        RecordKeyRepository keys = store.recordKeys();
        Instant now = Instant.now();
        Optional<Instant> past = Optional.of(now.minusSeconds(60));
        keys.put(new RecordKey("user1", HolderKind.USER, "bob", bytes("k"), false, false,
                Optional.of(now.plusSeconds(3600))), true);
        assertThat(keys.rotatesOnExpiration("user1", HolderKind.USER, "bob")).isTrue();
        keys.put(new RecordKey("machine1", HolderKind.USER, "bob", bytes("k"), false, false, past), true);
        keys.put(new RecordKey("config1", HolderKind.USER, "bob", bytes("k"), false, false, past));

        assertThat(keys.deleteExpiredShares(now)).extracting(e -> e.key().recordUid() + "=" + e.rotateOnExpiration())
                .containsExactlyInAnyOrder("machine1=true", "config1=false");
        assertThat(keys.deleteExpiredShares(now)).as("each deleted once").isEmpty();

        keys.put(new RecordKey("user1", HolderKind.USER, "bob", bytes("k2"), false, false, past));
        assertThat(keys.deleteExpiredShares(now)).as("sharing again without the flag clears it")
                .extracting(e -> e.key().recordUid() + "=" + e.rotateOnExpiration()).containsExactly("user1=false");
    }
}
