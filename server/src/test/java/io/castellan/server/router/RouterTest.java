package io.castellan.server.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.crypto.EcKeys;
import io.castellan.gateway.jobs.CommandSink;
import io.castellan.gateway.jobs.JobReporter;
import io.castellan.gateway.router.RouterClient;
import io.castellan.gateway.router.RouterClientSettings;
import io.castellan.gateway.router.RouterRefusedException;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.gateway.Command;
import io.castellan.model.gateway.CommandType;
import io.castellan.model.gateway.JobState;
import io.castellan.model.gateway.JobUpdate;
import io.castellan.sdk.SecretsManager;
import io.castellan.server.TestApiClient;
import io.castellan.store.StoredJob;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Router end to end on SQLite: a real server, gateways added through the user API and bound through the SDK, and
 * the real {@link RouterClient} with a simple job runner.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RouterTest {

    @TempDir
    Path dataDir;

    RouterWorld world;

    @BeforeEach
    void start() throws Exception {
        world = RouterWorld.start(dataDir);
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private JobService jobs() {
        return world.api.server.router().jobs();
    }

    /** The job's state as stored now. */
    private JobState stateOf(String jobId) {
        try {
            return jobs().await(jobId, Duration.ZERO).state();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private JsonNode listed(String gatewayUid) {
        for (JsonNode g : world.ok("gateway_list", TestApiClient.object()).get("gateways")) {
            if (g.get("uid").asText().equals(gatewayUid)) {
                return g;
            }
        }
        return null;
    }

    @Test
    void authenticatesRunsJobsAndNoFrameCarriesASecret() throws Exception {
        String canary = "Canary-Pa55word-" + System.nanoTime();
        RouterWorld.VaultRecord record = world.grantedRecord("{\"title\":\"db\",\"type\":\"login\",\"fields\":"
                + "[{\"type\":\"password\",\"value\":[\"" + canary + "\"]}]}");
        RouterWorld.Gateway g = world.addGateway("gw-main");
        List<String> seenByRunner = new java.util.concurrent.CopyOnWriteArrayList<>();
        TestSink sink = new TestSink(c -> {
            if (c.command().equals("gateway-info")) {
                return TestSink.info(c);
            }
            // the runner reads what it needs through the Secrets Manager API, as the real gateway does
            try (SecretsManager sm = world.secretsManager(g)) {
                sm.getSecrets(c.recordUids()).records().forEach(s -> s.password().ifPresent(seenByRunner::add));
            } catch (Exception e) {
                return new JobUpdate(c.jobId(), JobState.FAILED, "read failed", Map.of());
            }
            return new JobUpdate(c.jobId(), JobState.SUCCEEDED, "read " + c.recordUids().size() + " record(s)",
                    Map.of("records", Integer.toString(c.recordUids().size())));
        });
        try (RouterClient client = world.connect(g, sink)) {
            Eventually.within(Duration.ofSeconds(10), "gateway connected", client::connected);
            JsonNode entry = listed(g.uid());
            assertThat(entry.get("online").asBoolean()).isTrue();
            assertThat(entry.get("version").asText()).isEqualTo("test-gateway/1.0");
            assertThat(entry.get("node").asText()).isEqualTo(world.api.server.router().nodeId());

            StoredJob job = jobs().submit(new JobRequest(g.uid(), CommandType.NOOP, List.of(record.uid()),
                    Map.of("dryRun", "true"), Duration.ofSeconds(10), true, "tester"));
            StoredJob done = jobs().await(job.id(), Duration.ofSeconds(10));
            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.summary()).contains("read 1 record(s)");
            assertThat(done.details()).containsEntry("records", "1");
            assertThat(sink.received).singleElement().satisfies(c -> {
                assertThat(c.recordUids()).containsExactly(record.uid());
                assertThat(c.args()).containsEntry("dryRun", "true");
            });
            assertThat(String.join("", seenByRunner)).as("the runner did reach the secret").contains(canary);

            JsonNode info = world.ok("gateway_info", TestApiClient.object().put("gateway", "gw-main"));
            assertThat(info.at("/job/state").asText()).isEqualTo("succeeded");
            assertThat(info.at("/job/details/version").asText()).isEqualTo("test-gateway/1.0");
            assertThat(info.at("/job/details/uptimeSeconds").asText()).isEqualTo("7");
            JsonNode jobInfo = world.ok("job_info", TestApiClient.object().put("jobId", job.id()));
            assertThat(jobInfo.at("/job/state").asText()).isEqualTo("succeeded");
            assertThat(jobInfo.at("/job/recordUids/0").asText()).isEqualTo(record.uid());
        }
        assertThat(world.frames).isNotEmpty();
        assertThat(world.frames).anyMatch(f -> f.contains("\"command\"") && f.contains(record.uid()));
        assertThat(world.frames).noneMatch(f -> f.contains(canary));
        assertThat(world.frames).noneMatch(f -> f.contains(g.config().require("privateKey")));
        assertThat(world.count("audit_events", "event_type = ?", GatewayAuditEvents.GATEWAY_ADDED)).isEqualTo(1);
        assertThat(world.count("audit_events", "event_type = ?", GatewayAuditEvents.GATEWAY_ONLINE)).isEqualTo(1);
        Eventually.within(Duration.ofSeconds(5), "gateway_offline audited after close",
                () -> world.count("audit_events", "event_type = ?", GatewayAuditEvents.GATEWAY_OFFLINE) == 1);
    }

    @Test
    void aWrongSignatureIsRefusedForGood() throws Exception {
        RouterWorld.Gateway g = world.addGateway("gw-forged");
        ECPrivateKey other = (ECPrivateKey) EcKeys.generateKeyPair().getPrivate();
        try (RouterClient client = new RouterClient(world.settings(g, other), TestSink.succeeding(),
                world.options())) {
            client.start();
            assertThatThrownBy(() -> client.stopped().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(RouterRefusedException.class)
                    .hasMessageContaining("signature does not verify");
            assertThat(client.connected()).isFalse();
        }
        assertThat(world.count("audit_events", "event_type = ? AND result = 'denied'",
                GatewayAuditEvents.GATEWAY_CONNECT_REFUSED)).isEqualTo(1);
    }

    @Test
    void aHelloReplayedOnAnotherConnectionIsRefused() throws Exception {
        RouterWorld.Gateway g = world.addGateway("gw-replayed");
        try (RouterClient client = world.connect(g, TestSink.succeeding())) {
            Eventually.within(Duration.ofSeconds(10), "gateway connected", client::connected);
        }
        String hello = world.frames.stream().filter(f -> f.contains("\"type\":\"hello\"")).findFirst().orElseThrow();
        try (RawSocket raw = RawSocket.open(world)) {
            assertThat(raw.next()).contains("\"type\":\"challenge\"");
            raw.send(hello);
            String answer = raw.next();
            assertThat(answer).contains("\"type\":\"refused\"").contains("another connection's challenge")
                    .contains("\"retry\":false");
            raw.awaitClosed();
        }
    }

    @Test
    void anIpLockedGatewayConnectsOnlyFromItsAddress() throws Exception {
        RouterWorld.Gateway g = world.addGateway("gw-locked");
        // bound from 127.0.0.1 with the default lockIp: as if it had been bound from another host
        world.api.store().write(h -> h.createUpdate("UPDATE devices SET locked_ip = '10.9.9.9' WHERE client_id = ?")
                .bind(0, g.clientId()).execute());
        try (RouterClient client = new RouterClient(world.settings(g), TestSink.succeeding(), world.options())) {
            client.start();
            assertThatThrownBy(() -> client.stopped().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(RouterRefusedException.class)
                    .hasMessageContaining("locked to another IP address");
        }
    }

    @Test
    void removingAGatewayClosesItsLiveSocketAtOnceAndItCannotComeBack() throws Exception {
        RouterWorld.Gateway g = world.addGateway("gw-removed");
        try (RouterClient client = world.connect(g, TestSink.succeeding())) {
            Eventually.within(Duration.ofSeconds(10), "gateway connected", client::connected);
            world.ok("gateway_remove", TestApiClient.object().put("gateway", "gw-removed"));
            long took = Eventually.within(Duration.ofSeconds(3), "socket closed", () -> client.stopped().isDone());
            assertThat(took).isLessThan(2000);
            assertThatThrownBy(() -> client.stopped().join()).isInstanceOf(CompletionException.class)
                    .hasMessageContaining("removed");
        }
        assertThat(listed(g.uid())).isNull();
        assertThat(world.count("devices", "client_id = ?", g.clientId())).isZero();
        assertThat(world.count("audit_events", "event_type = ?", GatewayAuditEvents.GATEWAY_REMOVED)).isEqualTo(1);
        try (RouterClient again = world.connect(g, TestSink.succeeding())) {
            assertThatThrownBy(() -> again.stopped().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(RouterRefusedException.class);
        }
    }

    @Test
    void aSilentGatewayIsMarkedOfflineWithinThreeHeartbeats() throws Exception {
        RouterWorld.Gateway g = world.addGateway("gw-silent");
        try (RawSocket raw = RawSocket.open(world)) {
            raw.authenticate(g);
            Eventually.within(Duration.ofSeconds(5), "online", () -> listed(g.uid()).get("online").asBoolean());
            long took = Eventually.within(Duration.ofSeconds(15), "offline after silence",
                    () -> !listed(g.uid()).get("online").asBoolean());
            assertThat(took).isLessThan(RouterWorld.HEARTBEAT.toMillis() * 3 + 2000);
            raw.awaitClosed();
        }
        assertThat(world.count("audit_events", "event_type = ?", GatewayAuditEvents.GATEWAY_OFFLINE)).isEqualTo(1);
    }

    @Test
    void onDemandJobsFailFastOfflineScheduledOnesWaitAndDeadlinesTimeOut() throws Exception {
        RouterWorld.Gateway g = world.addGateway("gw-jobs");
        assertThatThrownBy(() -> jobs().submit(new JobRequest(g.uid(), CommandType.NOOP, List.of(), Map.of(),
                Duration.ofSeconds(5), true, "tester")))
                .isInstanceOfSatisfying(CastellanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.GATEWAY_OFFLINE))
                .hasMessageContaining("gw-jobs").hasMessageContaining("offline");
        assertThat(world.call("gateway_info", TestApiClient.object().put("gateway", g.uid())).error())
                .isEqualTo("gateway_offline");

        StoredJob scheduled = jobs().submit(new JobRequest(g.uid(), CommandType.NOOP, List.of(), Map.of(),
                Duration.ofSeconds(5), false, "system"));
        assertThat(scheduled.state()).isEqualTo(JobState.QUEUED);
        TestSink sink = TestSink.succeeding();
        try (RouterClient client = world.connect(g, sink)) {
            assertThat(jobs().await(scheduled.id(), Duration.ofSeconds(10)).state()).isEqualTo(JobState.SUCCEEDED);

            StoredJob ignored = jobs().submit(new JobRequest(g.uid(), CommandType.NOOP, List.of(),
                    Map.of("ignore", "true"), Duration.ofMillis(500), true, "tester"));
            StoredJob timedOut = jobs().await(ignored.id(), Duration.ofSeconds(10));
            assertThat(timedOut.state()).isEqualTo(JobState.TIMED_OUT);
            assertThat(timedOut.summary().orElseThrow()).contains("did not report a result");
        }
        assertThatThrownBy(() -> jobs().submit(new JobRequest(g.uid(), CommandType.NOOP, List.of("not a uid"),
                Map.of(), Duration.ofSeconds(5), false, "tester")))
                .isInstanceOfSatisfying(CastellanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void updatesMadeWhileDisconnectedAreSentAfterReconnecting() throws Exception {
        RouterWorld.Gateway g = world.addGateway("gw-queue");
        TestSink sink = TestSink.succeeding();
        try (RouterClient client = world.connect(g, sink)) {
            Eventually.within(Duration.ofSeconds(10), "connected", client::connected);
            StoredJob job = jobs().submit(new JobRequest(g.uid(), CommandType.NOOP, List.of(),
                    Map.of("ignore", "true"), Duration.ofSeconds(60), true, "tester"));
            Eventually.within(Duration.ofSeconds(5), "command received", () -> sink.held.containsKey(job.id()));
            int port = world.stopServer();
            Eventually.within(Duration.ofSeconds(5), "disconnected", () -> !client.connected());
            sink.held.get(job.id()).report(new JobUpdate(job.id(), JobState.SUCCEEDED, "finished offline", Map.of()));
            assertThat(client.queuedUpdates()).isEqualTo(1);
            world.startAgain(port);
            StoredJob done = jobs().await(job.id(), Duration.ofSeconds(15));
            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.summary()).contains("finished offline");
            assertThat(client.queuedUpdates()).isZero();
        }
    }

    @Test
    void aJobSentOnAConnectionThatDiedUnacknowledgedIsSentAgainOnTheNextOne() throws Exception {
        RouterWorld.Gateway g = world.addGateway("gw-lost");
        List<Command> swallowed = new java.util.concurrent.CopyOnWriteArrayList<>();
        CommandSink deadEnd = new CommandSink() {
            @Override
            public void accept(Command command, JobReporter reporter) {
                swallowed.add(command); // the frame reached a gateway that died before it could answer
            }

            @Override
            public int runningJobs() {
                return 0;
            }
        };
        StoredJob job;
        try (RouterClient dying = new RouterClient(world.settings(g), deadEnd, world.options())) {
            dying.start();
            Eventually.within(Duration.ofSeconds(10), "connected", dying::connected);
            job = jobs().submit(new JobRequest(g.uid(), CommandType.NOOP, List.of(), Map.of(),
                    Duration.ofSeconds(120), false, "system"));
            Eventually.within(Duration.ofSeconds(10), "command delivered", () -> !swallowed.isEmpty());
        }
        assertThat(jobs().await(job.id(), Duration.ZERO).state()).isEqualTo(JobState.SENT);
        TestSink sink = TestSink.succeeding();
        try (RouterClient restarted = world.connect(g, sink)) {
            StoredJob done = jobs().await(job.id(), Duration.ofSeconds(20));
            assertThat(done.state()).as("sent again on the new connection, not left to time out")
                    .isEqualTo(JobState.SUCCEEDED);
            assertThat(sink.received).extracting(Command::jobId).containsExactly(job.id());
        }
    }

    @Test
    void scheduledJobsBeyondTheGatewaysAnnouncedCapacityWaitForASlot() throws Exception {
        RouterWorld.Gateway g = world.addGateway("gw-capacity");
        RouterClientSettings base = world.settings(g);
        RouterClientSettings two = new RouterClientSettings(base.serverUri(), base.sslContext(), base.clientId(),
                base.deviceKey(), base.version(), base.startedAt(), base.capabilities(), 2);
        TestSink sink = TestSink.succeeding();
        try (RouterClient client = new RouterClient(two, sink, world.options())) {
            client.start();
            Eventually.within(Duration.ofSeconds(10), "connected", client::connected);
            List<StoredJob> held = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                held.add(jobs().submit(new JobRequest(g.uid(), CommandType.NOOP, List.of(), Map.of("ignore", "true"),
                        Duration.ofSeconds(60), false, "system")));
            }
            Eventually.within(Duration.ofSeconds(10), "two jobs sent", () -> sink.held.size() == 2);
            StoredJob onDemand = jobs().submit(new JobRequest(g.uid(), CommandType.NOOP, List.of(), Map.of(),
                    Duration.ofSeconds(20), true, "tester"));
            assertThat(jobs().await(onDemand.id(), Duration.ofSeconds(15)).state())
                    .as("a person's job is not held back").isEqualTo(JobState.SUCCEEDED);
            Thread.sleep(1500); // a few sweeps: nothing more may be sent while both slots are taken
            assertThat(sink.held).hasSize(2);
            assertThat(held.stream().filter(j -> !sink.held.containsKey(j.id())))
                    .allSatisfy(j -> assertThat(stateOf(j.id())).isEqualTo(JobState.QUEUED));

            String first = sink.held.keySet().iterator().next();
            sink.held.get(first).report(new JobUpdate(first, JobState.SUCCEEDED, "done", Map.of()));
            Eventually.within(Duration.ofSeconds(10), "the next job sent when a slot freed", () -> sink.held.size() == 3);
            Thread.sleep(1000);
            assertThat(sink.held).as("one more, not all").hasSize(3);
            assertThat(held.stream().filter(j -> stateOf(j.id()) == JobState.QUEUED))
                    .as("two still wait").hasSize(2);
        }
    }

    @Test
    void hostileFramesAreRefusedAndSilentSocketsClosed() throws Exception {
        try (RawSocket raw = RawSocket.open(world)) {
            raw.next();
            raw.send("{\"type\":\"hello\",\"clientId\":\"x\",\"evil\":true}");
            assertThat(raw.next()).contains("\"type\":\"refused\"").contains("malformed frame");
            raw.awaitClosed();
        }
        try (RawSocket raw = RawSocket.open(world)) {
            raw.next();
            raw.send("{\"type\":\"ping\",\"seq\":1,\"sentAt\":1}");
            assertThat(raw.next()).contains("\"type\":\"refused\"").contains("must be a Hello");
            raw.awaitClosed();
        }
        try (RawSocket raw = RawSocket.open(world)) {
            raw.next();
            raw.sendQuietly("x".repeat(io.castellan.model.gateway.GatewayProtocol.MAX_FRAME_BYTES + 10));
            assertThat(raw.awaitClosed()).isEqualTo(1009);
        }
        try (RawSocket raw = RawSocket.open(world)) {
            raw.next();
            long took = Eventually.within(Duration.ofSeconds(12), "unauthenticated socket closed", raw::isClosed);
            assertThat(took).isBetween(3000L, 11_000L);
        }
        assertThat(world.api.server.router().openSockets()).isZero();
    }

    @Test
    void theGatewayReconnectsAfterAServerRestart() throws Exception {
        RouterWorld.Gateway g = world.addGateway("gw-restart");
        try (RouterClient client = world.connect(g, TestSink.succeeding())) {
            Eventually.within(Duration.ofSeconds(10), "connected", client::connected);
            String firstNode = world.api.server.router().nodeId();
            world.restart();
            Eventually.within(Duration.ofSeconds(15), "reconnected to the new server",
                    () -> client.connected() && world.api.server.router().openSockets() == 1);
            assertThat(world.api.server.router().nodeId()).isNotEqualTo(firstNode);
            StoredJob job = jobs().submit(new JobRequest(g.uid(), CommandType.NOOP, List.of(), Map.of(),
                    Duration.ofSeconds(5), true, "tester"));
            assertThat(jobs().await(job.id(), Duration.ofSeconds(10)).state()).isEqualTo(JobState.SUCCEEDED);
        }
    }
}
