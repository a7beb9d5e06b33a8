package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.gateway.jobs.CommandSink;
import io.castellan.gateway.jobs.JobReporter;
import io.castellan.gateway.router.RouterClient;
import io.castellan.gateway.router.RouterClientSettings;
import io.castellan.model.gateway.Command;
import io.castellan.model.gateway.JobState;
import io.castellan.model.gateway.JobUpdate;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.ClientConfigCodec;
import io.castellan.sdk.transport.TlsTrust;
import io.castellan.testkit.PostgresTestDatabase;
import io.castellan.testkit.ServerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes on one PostgreSQL database, as an operator scales out: a real {@link RouterClient} holds its
 * socket on node A; the CLI, logged in to node B only, sees the gateway online on A's node, asks it live through B
 * (the job is forwarded to A by LISTEN/NOTIFY, and its result is read on B), and removes it through B, which closes
 * the socket on A.
 */
@Timeout(value = 360, unit = TimeUnit.SECONDS)
class TwoServerProcessesRouterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin@two-nodes.example";
    private static final Pattern NODE_READY = Pattern.compile("Router node (\\S+) ready");

    @TempDir
    Path dir;

    @Test
    void aGatewayOnNodeAIsListedAskedAndRemovedThroughNodeB() throws Exception {
        Path pw = Files.writeString(dir.resolve("admin.pw"), "two nodes master password 7Qz\n");
        Path configA = dir.resolve("cli-a/config.json");
        Path configB = dir.resolve("cli-b/config.json");
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            Result created = Cli.run("server", "init-admin", "--data-dir", dir.resolve("a/data").toString(),
                    "--db-url", db.jdbcUrl(), "--email", ADMIN, "--password-file", pw.toString(),
                    "--iterations", "100000");
            assertThat(created.exit()).as(created.err()).isZero();
            try (ServerProcess a = node(dir.resolve("a"), db); ServerProcess b = node(dir.resolve("b"), db)) {
                String nodeA = nodeId(a);
                assertThat(nodeA).isNotEqualTo(nodeId(b));
                ok(configA, "login", ADMIN, "--server", a.url(), "--password-file", pw.toString());
                ok(configB, "login", ADMIN, "--server", b.url(), "--password-file", pw.toString());
                ok(configA, "secrets-manager", "app", "create", "edge apps");
                String b64 = ok(configA, "pam", "gateway", "new", "-n", "gw-a", "-a", "edge apps", "-c").out()
                        .strip();
                ClientConfig cfg = ClientConfigCodec.parse(new String(Base64s.decode(b64)));

                RouterClientSettings settings = new RouterClientSettings(URI.create(a.url()),
                        TlsTrust.pinned(a.fingerprint()).sslContext(), cfg.require(ClientConfig.CLIENT_ID),
                        EcKeys.privateKeyFromPkcs8(Base64s.decode(cfg.require(ClientConfig.PRIVATE_KEY))),
                        "two-nodes/1.0", Instant.now(), List.of("gateway-info"));
                try (RouterClient gateway = new RouterClient(settings, new InfoSink())) {
                    gateway.start();
                    awaitOnline(configB);
                    JsonNode listed = json(configB, "pam", "gateway", "list").get(0);
                    assertThat(listed.path("node").asText()).as("B reports the node holding the socket")
                            .isEqualTo(nodeA);
                    assertThat(listed.path("appTitle").asText()).isEqualTo("edge apps");
                    assertThat(ok(configB, "pam", "gateway", "list").out())
                            .contains("gw-a", "edge apps", "online", "two-nodes/1.0", nodeA);

                    JsonNode info = json(configB, "pam", "action", "gateway-info", "gw-a");
                    assertThat(info.at("/job/state").asText()).isEqualTo("succeeded");
                    assertThat(info.at("/job/details/uptimeSeconds").asText()).isEqualTo("77");
                    String jobId = info.at("/job/jobId").asText();
                    assertThat(ok(configB, "pam", "action", "job-info", jobId).out())
                            .contains("succeeded", "gateway-info", "uptimeSeconds", "77");
                    assertThat(b.log()).as("queued on B").contains("job " + jobId + " (gateway-info)");
                    assertThat(a.log()).as("sent by A, which holds the socket")
                            .contains("job " + jobId + " sent to gateway");

                    ok(configB, "pam", "gateway", "remove", "gw-a");
                    assertThat(gateway.stopped()).as("the socket on A closed by a removal on B")
                            .failsWithin(Duration.ofSeconds(5));
                }
                assertThat(json(configA, "pam", "gateway", "list")).isEmpty();
            }
        }
    }

    private ServerProcess node(Path home, PostgresTestDatabase db) {
        return ServerProcess.builder(home.resolve("data")).listen("127.0.0.1", 0).dbUrl(db.jdbcUrl())
                .logFile(home.resolve("server.log")).startTimeout(Duration.ofSeconds(120)).start();
    }

    /** The node id the server logs when its Router starts. */
    private static String nodeId(ServerProcess server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher m = NODE_READY.matcher(server.log());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no 'Router node ... ready' line in " + server.logFile());
    }

    private void awaitOnline(Path config) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode list = json(config, "pam", "gateway", "list");
            if (list.size() == 1 && list.get(0).path("online").asBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the gateway never showed online on node B");
    }

    /** Answers gateway-info as the gateway's runner does. */
    private static final class InfoSink implements CommandSink {
        @Override
        public void accept(Command command, JobReporter reporter) {
            reporter.report(new JobUpdate(command.jobId(), JobState.SUCCEEDED, "gateway info",
                    Map.of("version", "two-nodes/1.0", "uptimeSeconds", "77", "runningJobs", "0")));
        }

        @Override
        public int runningJobs() {
            return 0;
        }
    }

    private static Result ok(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString()));
        Result r = Cli.run(all.toArray(String[]::new));
        assertThat(r.exit()).as("castellan %s: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    private static JsonNode json(Path config, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--format", "json"));
        return JSON.readTree(ok(config, all.toArray(String[]::new)).out());
    }
}
