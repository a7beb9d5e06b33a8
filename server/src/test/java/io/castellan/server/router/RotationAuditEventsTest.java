package io.castellan.server.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.crypto.Uids;
import io.castellan.gateway.router.RouterClient;
import io.castellan.model.gateway.CommandType;
import io.castellan.model.gateway.JobState;
import io.castellan.model.gateway.JobUpdate;
import io.castellan.server.pam.PamAuditEvents;
import io.castellan.store.StoredJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rotation lifecycle events come from the Router's job updates: a real server and a real RouterClient whose
 * runner reports RUNNING and then a result, as the gateway does. Other commands leave no rotation events.
 */
class RotationAuditEventsTest {

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

    @Test
    void rotateJobsAreAuditedAsStartedThenSucceededOrFailed() throws Exception {
        RouterWorld.Gateway g = world.addGateway("gw-rotate");
        List<String> records = List.of(Uids.newUid(), Uids.newUid(), Uids.newUid());
        TestSink sink = new TestSink(c -> c.command().equals("gateway-info") ? TestSink.info(c)
                : new JobUpdate(c.jobId(), c.args().containsKey("fail") ? JobState.FAILED : JobState.SUCCEEDED,
                        "done", Map.of()));
        JobService jobs = world.api.server.router().jobs();
        try (RouterClient client = world.connect(g, sink)) {
            Eventually.within(Duration.ofSeconds(10), "gateway connected", client::connected);
            StoredJob ok = jobs.submit(new JobRequest(g.uid(), CommandType.ROTATE, records, Map.of(),
                    Duration.ofSeconds(10), true, "tester"));
            assertThat(jobs.await(ok.id(), Duration.ofSeconds(10)).state()).isEqualTo(JobState.SUCCEEDED);
            StoredJob bad = jobs.submit(new JobRequest(g.uid(), CommandType.ROTATE, records, Map.of("fail", "1"),
                    Duration.ofSeconds(10), true, "tester"));
            assertThat(jobs.await(bad.id(), Duration.ofSeconds(10)).state()).isEqualTo(JobState.FAILED);
            StoredJob noop = jobs.submit(new JobRequest(g.uid(), CommandType.NOOP, List.of(), Map.of(),
                    Duration.ofSeconds(10), true, "tester"));
            assertThat(jobs.await(noop.id(), Duration.ofSeconds(10)).state()).isEqualTo(JobState.SUCCEEDED);
        }
        assertThat(world.count("audit_events", "event_type = ?", PamAuditEvents.ROTATION_STARTED)).isEqualTo(2);
        assertThat(world.count("audit_events", "event_type = ? AND result = 'success' AND actor = ?",
                PamAuditEvents.ROTATION_SUCCEEDED, "gateway:" + g.uid())).isEqualTo(1);
        assertThat(world.count("audit_events", "event_type = ? AND result = 'failure'",
                PamAuditEvents.ROTATION_FAILED)).isEqualTo(1);
        assertThat(world.count("audit_events", "event_type = ? AND subject_uids = ?",
                PamAuditEvents.ROTATION_SUCCEEDED, String.join(",", records))).isEqualTo(1);
    }
}
