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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pam gateway new|list|remove} and {@code pam action gateway-info|job-info} against a real server process:
 * the CLI adds a gateway and redeems its token ({@code -c}); a real {@link RouterClient} connects with that
 * configuration; the CLI sees it online, asks it live, shows the job, and removes it (its socket closes at once).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PamGatewayEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin@pam-e2e.example";

    @TempDir
    Path dir;

    private Path config;

    @Test
    void gatewaysAreAddedConnectedAskedAndRemovedThroughTheCli() throws Exception {
        Path dataDir = dir.resolve("server/data");
        config = dir.resolve("admin/config.json");
        Files.createDirectories(config.getParent());
        Path pw = Files.writeString(dir.resolve("admin.pw"), "admin master password pam\n");
        assertThat(Cli.run("server", "init-admin", "--data-dir", dataDir.toString(), "--email", ADMIN,
                "--password-file", pw.toString(), "--iterations", "100000").exit()).isZero();
        try (ServerProcess server = ServerProcess.builder(dataDir).listen("127.0.0.1", 0)
                .logFile(dir.resolve("server/server.log")).startTimeout(Duration.ofSeconds(120)).start()) {
            ok("login", ADMIN, "--server", server.url(), "--password-file", pw.toString());
            ok("secrets-manager", "app", "create", "ops");

            String b64 = ok("pam", "gateway", "new", "-n", "gw1", "-a", "ops", "-c").out().strip();
            ClientConfig cfg = ClientConfigCodec.parse(new String(Base64s.decode(b64)));
            assertThat(cfg.isBound()).as("-c redeemed the token: the configuration holds the app key").isTrue();
            assertThat(cfg.get("tlsFingerprintSha256")).contains(server.fingerprint());
            assertThat(cfg.get(ClientConfig.CLIENT_KEY)).isEmpty();

            JsonNode listed = json("pam", "gateway", "list").get(0);
            assertThat(listed.path("name").asText()).isEqualTo("gw1");
            assertThat(listed.path("online").asBoolean()).isFalse();
            Result offline = run("pam", "action", "gateway-info", "gw1");
            assertThat(offline.exit()).isEqualTo(8);
            assertThat(offline.err()).contains("offline");

            RouterClientSettings settings = new RouterClientSettings(URI.create(server.url()),
                    TlsTrust.pinned(server.fingerprint()).sslContext(), cfg.require(ClientConfig.CLIENT_ID),
                    EcKeys.privateKeyFromPkcs8(Base64s.decode(cfg.require(ClientConfig.PRIVATE_KEY))), "e2e/2.0",
                    Instant.now(), List.of("gateway-info"));
            try (RouterClient gateway = new RouterClient(settings, new InfoSink())) {
                gateway.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (!gateway.connected() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(gateway.connected()).isTrue();
                String table = ok("pam", "gateway", "list").out();
                assertThat(table).contains("gw1", "ops", "online", "e2e/2.0");

                JsonNode info = json("pam", "action", "gateway-info", "gw1");
                assertThat(info.at("/job/state").asText()).isEqualTo("succeeded");
                assertThat(info.at("/job/details/uptimeSeconds").asText()).isEqualTo("42");
                String jobId = info.at("/job/jobId").asText();
                assertThat(ok("pam", "action", "job-info", jobId).out()).contains("succeeded", "gateway-info",
                        "uptimeSeconds", "42");

                ok("pam", "gateway", "remove", "gw1");
                assertThat(gateway.stopped()).failsWithin(Duration.ofSeconds(5));
            }
            assertThat(json("pam", "gateway", "list")).isEmpty();

            String token = ok("pam", "gateway", "new", "--name", "gw2", "--application", "ops").out().strip();
            assertThat(token).matches("127\\.0\\.0\\.1:[A-Za-z0-9_-]{43}");
        }
    }

    /** Answers gateway-info as the gateway's runner does. */
    private static final class InfoSink implements CommandSink {
        @Override
        public void accept(Command command, JobReporter reporter) {
            reporter.report(new JobUpdate(command.jobId(), JobState.SUCCEEDED, "gateway info",
                    Map.of("version", "e2e/2.0", "uptimeSeconds", "42", "runningJobs", "0")));
        }

        @Override
        public int runningJobs() {
            return 0;
        }
    }

    private Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private Result ok(String... args) {
        Result r = run(args);
        assertThat(r.exit()).as("castellan %s: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    private JsonNode json(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--format", "json"));
        return JSON.readTree(ok(all.toArray(String[]::new)).out());
    }
}
