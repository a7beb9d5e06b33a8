package io.castellan.server.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.gateway.router.RouterClient;
import io.castellan.model.gateway.CommandType;
import io.castellan.model.gateway.JobState;
import io.castellan.server.ApiTestServer;
import io.castellan.server.TestApiClient;
import io.castellan.store.StoredJob;
import io.castellan.testkit.PostgresTestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server nodes on one PostgreSQL database: the gateway's socket is on node A; a job submitted on node B is
 * forwarded through LISTEN/NOTIFY, and B sees its result. Removing the gateway through B closes its socket on A.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwoNodeRouterTest {

    private static final PostgresTestDatabase DATABASE = PostgresTestDatabase.create();

    @TempDir
    Path dirA;

    @TempDir
    Path dirB;

    @AfterAll
    static void dropDatabase() {
        DATABASE.close();
    }

    @Test
    void aJobSubmittedOnNodeBRunsOnTheGatewayHeldByNodeA() throws Exception {
        String url = DATABASE.newSchemaUrl();
        try (RouterWorld world = RouterWorld.start(dirA, b -> b.jdbcUrl(url));
             ApiTestServer nodeB = ApiTestServer.start(dirB, b -> b.jdbcUrl(url)
                     .gatewayHeartbeat(RouterWorld.HEARTBEAT))) {
            RouterWorld.Gateway g = world.addGateway("gw-a");
            TestSink sink = TestSink.succeeding();
            try (RouterClient client = world.connect(g, sink)) {
                Eventually.within(Duration.ofSeconds(10), "connected to A", client::connected);
                RouterNode a = world.api.server.router();
                RouterNode b = nodeB.server.router();
                assertThat(a.nodeId()).isNotEqualTo(b.nodeId());
                assertThat(b.liveConnection(g.uid()).orElseThrow().nodeId()).isEqualTo(a.nodeId());

                StoredJob job = b.jobs().submit(new JobRequest(g.uid(), CommandType.NOOP, List.of(), Map.of(),
                        Duration.ofSeconds(10), true, "tester"));
                StoredJob done = b.jobs().await(job.id(), Duration.ofSeconds(10));
                assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
                assertThat(sink.received).extracting(c -> c.jobId()).containsExactly(job.id());
                assertThat(b.openSockets()).isZero();

                String bSession = nodeB.login(world.alice);
                JsonNode listed = nodeB.client.ok("gateway_list", bSession, TestApiClient.object()).get("gateways");
                assertThat(listed.get(0).get("node").asText()).isEqualTo(a.nodeId());
                assertThat(listed.get(0).get("online").asBoolean()).isTrue();

                nodeB.client.ok("gateway_remove", bSession, TestApiClient.object().put("gateway", g.uid()));
                long took = Eventually.within(Duration.ofSeconds(5), "socket on A closed by a removal on B",
                        () -> client.stopped().isDone());
                assertThat(took).isLessThan(3000);
                assertThat(client.stopped()).isCompletedExceptionally();
            }
        }
    }
}
