package io.castellan.store;

import static io.castellan.store.AbstractStoreContractTest.bytes;
import static io.castellan.store.AbstractStoreContractTest.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.gateway.JobState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of the gateway repositories (gateways, which node holds each socket, jobs), mixed into
 * {@link AbstractStoreContractTest} so it runs on SQLite and PostgreSQL alike.
 */
interface GatewayStoreContract {

    Store contractStore();

    private static GatewayRepository gatewayWorld(Store store) {
        Clock clock = Clock.systemUTC();
        store.users().create("owner", "owner@example.com", UserStatus.ACTIVE, false, keys("owner"));
        new ApplicationRepository(store.transactions(), clock).insert("app1", "owner", bytes("k"), bytes("d"));
        DeviceRepository devices = new DeviceRepository(store.transactions(), clock);
        devices.insert("client-g1", "app1", DeviceKind.GATEWAY, "gw1", bytes("ak"), false, Optional.empty(),
                Optional.empty());
        devices.insert("client-g2", "app1", DeviceKind.GATEWAY, "gw2", bytes("ak"), false, Optional.empty(),
                Optional.empty());
        return new GatewayRepository(store.transactions(), clock);
    }

    private static GatewayConnection connection(String gateway, String node, String conn, long at) {
        Instant t = Instant.ofEpochMilli(at);
        return new GatewayConnection(gateway, node, conn, t, t, "1.2.3", Optional.of("127.0.0.1"),
                Instant.ofEpochMilli(1_000));
    }

    @Test
    default void gatewaysConnectionsAndCascadeFromTheirDevice() {
        Store store = contractStore();
        GatewayRepository gateways = gatewayWorld(store);
        StoredGateway g1 = gateways.insert("gw-uid-1", "client-g1", "app1", "gw1", "owner");
        gateways.insert("gw-uid-2", "client-g2", "app1", "gw2", "owner");
        assertThat(g1.lastSeenAt()).isEmpty();
        assertThatThrownBy(() -> gateways.insert("gw-uid-3", "client-g1", "app1", "again", "owner"))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.DUPLICATE));
        assertThat(gateways.byClientId("client-g1")).contains(g1);
        assertThat(gateways.listByApp("app1")).extracting(StoredGateway::uid).containsExactly("gw-uid-1", "gw-uid-2");

        gateways.connect(connection("gw-uid-1", "node-a", "conn-1", 10_000));
        assertThat(gateways.connection("gw-uid-1").orElseThrow().nodeId()).isEqualTo("node-a");
        assertThat(gateways.touch("gw-uid-1", "conn-1", Instant.ofEpochMilli(12_000))).isTrue();
        // the gateway reconnects to node B before node A noticed the old socket closed
        gateways.connect(connection("gw-uid-1", "node-b", "conn-2", 13_000));
        assertThat(gateways.touch("gw-uid-1", "conn-1", Instant.ofEpochMilli(14_000))).isFalse();
        assertThat(gateways.disconnect("gw-uid-1", "conn-1", Instant.ofEpochMilli(14_000))).isFalse();
        GatewayConnection now = gateways.connection("gw-uid-1").orElseThrow();
        assertThat(now.nodeId()).isEqualTo("node-b");
        assertThat(now.remoteAddress()).contains("127.0.0.1");
        assertThat(now.version()).isEqualTo("1.2.3");
        assertThat(gateways.get("gw-uid-1").orElseThrow().lastSeenAt()).contains(Instant.ofEpochMilli(14_000));

        gateways.connect(connection("gw-uid-2", "node-b", "conn-3", 15_000));
        assertThat(gateways.disconnectNode("node-b")).isEqualTo(2);
        assertThat(gateways.connection("gw-uid-1")).isEmpty();

        gateways.connect(connection("gw-uid-1", "node-a", "conn-4", 16_000));
        assertThat(new DeviceRepository(store.transactions(), Clock.systemUTC()).delete("client-g1")).isTrue();
        assertThat(gateways.get("gw-uid-1")).isEmpty();
        assertThat(gateways.connection("gw-uid-1")).isEmpty();
        assertThat(gateways.delete("gw-uid-2")).isTrue();
        assertThat(gateways.delete("gw-uid-2")).isFalse();
    }

    @Test
    default void jobsMoveForwardAndNeverLeaveATerminalState() {
        Store store = contractStore();
        JobRepository jobs = new JobRepository(store.transactions(), Clock.systemUTC());
        StoredJob job = jobs.insert("job-1", "gw-uid-1", "rotate", List.of("rec-a", "rec-b"), Map.of("dryRun", "true"),
                "owner", false, Duration.ofSeconds(30));
        assertThat(job.state()).isEqualTo(JobState.QUEUED);
        assertThat(job.recordUids()).containsExactly("rec-a", "rec-b");
        assertThat(job.args()).containsEntry("dryRun", "true");
        assertThat(job.onDemand()).isFalse();
        assertThat(job.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(job.deadline()).isEmpty();
        jobs.insert("job-2", "gw-uid-1", "noop", List.of(), Map.of(), "owner", true, Duration.ofSeconds(5));
        assertThat(jobs.queued("gw-uid-1")).extracting(StoredJob::id).containsExactly("job-1", "job-2");

        Instant deadline = Instant.ofEpochMilli(5_000);
        assertThat(jobs.markSent("job-1", deadline)).isTrue();
        assertThat(jobs.markSent("job-1", deadline)).as("sent once only").isFalse();
        assertThat(jobs.queued("gw-uid-1")).extracting(StoredJob::id).containsExactly("job-2");
        assertThat(jobs.update("job-1", JobState.RUNNING, Optional.empty(), Map.of()).orElseThrow().state())
                .isEqualTo(JobState.RUNNING);
        StoredJob done = jobs.update("job-1", JobState.SUCCEEDED, Optional.of("rotated"), Map.of("step", "commit"))
                .orElseThrow();
        assertThat(done.summary()).contains("rotated");
        assertThat(done.details()).containsEntry("step", "commit");
        assertThat(done.deadline()).contains(deadline);
        assertThat(jobs.update("job-1", JobState.FAILED, Optional.of("late"), Map.of())).isEmpty();
        assertThat(jobs.get("job-1").orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);

        assertThat(jobs.markSent("job-2", Instant.ofEpochMilli(1_000))).isTrue();
        assertThat(jobs.overdue(Instant.ofEpochMilli(999))).isEmpty();
        assertThat(jobs.overdue(Instant.ofEpochMilli(1_001))).containsExactly("job-2");
        jobs.update("job-2", JobState.TIMED_OUT, Optional.of("no answer"), Map.of());
        assertThat(jobs.overdue(Instant.ofEpochMilli(9_999))).isEmpty();
        assertThat(jobs.recent("gw-uid-1", 10)).hasSize(2);

        GatewayRepository gateways = gatewayWorld(store);
        gateways.insert("gw-uid-1", "client-g1", "app1", "gw1", "owner");
        jobs.insert("job-3", "gw-uid-1", "noop", List.of(), Map.of(), "owner", false, Duration.ofSeconds(5));
        assertThat(jobs.queuedGatewaysOnNode("node-a")).isEmpty();
        gateways.connect(connection("gw-uid-1", "node-a", "conn-1", 10_000));
        assertThat(jobs.queuedGatewaysOnNode("node-a")).containsExactly("gw-uid-1");
        assertThat(jobs.queuedGatewaysOnNode("node-b")).isEmpty();
        jobs.insert("job-4", "gw-uid-1", "noop", List.of(), Map.of(), "owner", false, Duration.ofSeconds(5));
        assertThat(jobs.queued("gw-uid-1", 1)).extracting(StoredJob::id).containsExactly("job-3");
        assertThat(jobs.queued("gw-uid-1", 10)).extracting(StoredJob::id).containsExactly("job-3", "job-4");
        assertThat(jobs.get("nope")).isEmpty();
    }

    @Test
    default void unacknowledgedJobsGoBackToTheQueueAndOldFinishedOnesArePurged() {
        Store store = contractStore();
        JobRepository jobs = new JobRepository(store.transactions(), Clock.systemUTC());
        Instant far = Instant.now().plus(Duration.ofDays(1));
        for (String id : List.of("q-sent", "q-sent-2", "q-running", "q-done", "q-queued")) {
            jobs.insert(id, "gw-rq", "noop", List.of(), Map.of(), "owner", false, Duration.ofSeconds(5));
        }
        jobs.insert("other-gw", "gw-other", "noop", List.of(), Map.of(), "owner", false, Duration.ofSeconds(5));
        for (String id : List.of("q-sent", "q-sent-2", "q-running", "q-done", "other-gw")) {
            assertThat(jobs.markSent(id, far)).isTrue();
        }
        jobs.update("q-running", JobState.RUNNING, Optional.empty(), Map.of());
        jobs.update("q-done", JobState.SUCCEEDED, Optional.of("done"), Map.of());
        assertThat(jobs.inFlight("gw-rq")).as("sent or running").isEqualTo(3);

        assertThat(jobs.requeue("q-sent")).isTrue();
        assertThat(jobs.requeue("q-sent")).as("only a SENT job").isFalse();
        assertThat(jobs.requeue("q-running")).as("an acknowledged job stays with its gateway").isFalse();
        StoredJob back = jobs.get("q-sent").orElseThrow();
        assertThat(back.state()).isEqualTo(JobState.QUEUED);
        assertThat(back.deadline()).isEmpty();

        assertThat(jobs.requeueUnacknowledged("gw-rq", Instant.EPOCH)).as("none sent that early").isZero();
        assertThat(jobs.requeueUnacknowledged("gw-rq", far)).isEqualTo(1);
        assertThat(jobs.queued("gw-rq")).extracting(StoredJob::id)
                .containsExactlyInAnyOrder("q-sent", "q-sent-2", "q-queued");
        assertThat(jobs.get("q-running").orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(jobs.get("other-gw").orElseThrow().state()).as("another gateway's job").isEqualTo(JobState.SENT);

        assertThat(jobs.purgeFinishedBefore(Instant.EPOCH, 100)).as("nothing finished that long ago").isZero();
        assertThat(jobs.purgeFinishedBefore(far, 100)).isEqualTo(1);
        assertThat(jobs.get("q-done")).isEmpty();
        assertThat(jobs.get("q-running")).as("unfinished jobs are never purged").isPresent();
        assertThat(jobs.get("q-queued")).isPresent();
    }
}
