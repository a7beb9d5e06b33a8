package io.castellan.server.scheduler;

import io.castellan.model.gateway.JobState;
import io.castellan.store.FolderKind;
import io.castellan.store.FolderRepository;
import io.castellan.store.JobRepository;
import io.castellan.store.PamConfiguration;
import io.castellan.store.PamConfigurationRepository;
import io.castellan.store.RotationScheduleRepository;
import io.castellan.store.RotationSettings;
import io.castellan.store.RotationSettingsRepository;
import io.castellan.store.Store;
import io.castellan.store.UserKeys;
import io.castellan.store.UserStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A real store with one owner, a PAM configuration and pamUser records with rotation settings, and a
 * {@link RotationSubmitter} that stores rotate jobs in {@code gateway_jobs} as the Router's job service does (tests
 * then move them to the states a gateway would report).
 */
final class SchedulerFixture {

    static final String GATEWAY = "gateway-client-id";

    final Store store;
    final Clock clock;
    final JobRepository jobs;
    final RotationSettingsRepository settings;
    final RotationScheduleRepository schedules;

    SchedulerFixture(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.jobs = new JobRepository(store.transactions(), clock);
        this.settings = new RotationSettingsRepository(store.transactions(), clock);
        this.schedules = new RotationScheduleRepository(store.transactions(), clock);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The owner, the shared folder, the configuration and its resource. */
    SchedulerFixture seed() {
        store.users().create("owner", "owner@example.com", UserStatus.ACTIVE, false, new UserKeys(bytes("salt"),
                1_000_000, bytes("verifier"), bytes("dk"), bytes("pub"), bytes("priv")));
        new FolderRepository(store.transactions(), clock).insert("sf1", FolderKind.SHARED, "owner", Optional.empty(),
                bytes("sf"));
        store.records().insert("config1", "owner", Optional.of("sf1"), bytes("config"));
        store.records().insert("machine1", "owner", Optional.of("sf1"), bytes("machine"));
        new PamConfigurationRepository(store.transactions(), clock).insert(new PamConfiguration("config1", "owner",
                "local", GATEWAY, "sf1", List.of("rotation"), Optional.empty(), "{}", Instant.EPOCH, Instant.EPOCH));
        return this;
    }

    /** A pamUser record rotating on {@code schedule}, due at {@code due}. */
    void pamUser(String uid, String schedule, Instant due) {
        store.records().insert(uid, "owner", Optional.of("sf1"), bytes("user"));
        settings.put(new RotationSettings(uid, "machine1", "config1", "general", Optional.of(schedule), true, true,
                bytes("sealed"), "owner", Instant.EPOCH, Instant.EPOCH));
        schedules.plan(uid, Optional.of(due), false);
    }

    /** A pamUser record with rotation settings but no scheduler row, as settings stored before V7 are. */
    void unplannedPamUser(String uid, Optional<String> schedule, boolean enabled) {
        store.records().insert(uid, "owner", Optional.of("sf1"), bytes("user"));
        settings.put(new RotationSettings(uid, "machine1", "config1", "general", schedule, true, enabled,
                bytes("sealed"), "owner", Instant.EPOCH, Instant.EPOCH));
    }

    /** Stores jobs as RouterRotationJobs does through the Router's JobService ({@code onDemand=false}). */
    RotationSubmitter submitter() {
        return new RotationSubmitter() {
            @Override
            public String submit(String gatewayUid, String pamUserUid, String resourceUid, String configUid) {
                return jobs.insert(UUID.randomUUID().toString(), gatewayUid, "rotate",
                        List.of(pamUserUid, resourceUid, configUid), Map.of("noop", "true"), "scheduler", false,
                        Duration.ofMinutes(10)).id();
            }

            @Override
            public void release(String jobId) {
            }
        };
    }

    /** Moves a job to a terminal state as a gateway's report would. */
    void finish(String jobId, JobState state) {
        jobs.update(jobId, JobState.SENT, Optional.empty(), Map.of()).orElseThrow();
        jobs.update(jobId, state, Optional.of("test outcome"), Map.of()).orElseThrow();
    }

    long jobCount(String pamUserUid) {
        return store.read(h -> h.createQuery("SELECT COUNT(*) FROM gateway_jobs WHERE record_uids LIKE :uid")
                .bind("uid", "%\"" + pamUserUid + "\"%").mapTo(Long.class).one());
    }

    long auditCount(String type, String pamUserUid) {
        return store.read(h -> h.createQuery("SELECT COUNT(*) FROM audit_events WHERE event_type = :type"
                        + " AND subject_uids LIKE :uid")
                .bind("type", type).bind("uid", "%" + pamUserUid + "%").mapTo(Long.class).one());
    }
}
