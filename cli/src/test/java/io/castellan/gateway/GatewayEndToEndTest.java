package io.castellan.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.cli.Main;
import io.castellan.gateway.config.GatewayConfigKeys;
import io.castellan.gateway.logging.SecretScrubber;
import io.castellan.gateway.runner.GatewaySecrets;
import io.castellan.gateway.runner.JobContext;
import io.castellan.gateway.runner.JobHandler;
import io.castellan.gateway.runner.JobOutcome;
import io.castellan.gateway.testing.Canaries;
import io.castellan.gateway.testing.LocalRouterConnection;
import io.castellan.model.gateway.Command;
import io.castellan.model.gateway.CommandType;
import io.castellan.model.gateway.JobState;
import io.castellan.model.gateway.JobUpdate;
import io.castellan.sdk.Secret;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.SecretsManagerOptions;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.ClientConfigCodec;
import io.castellan.sdk.config.ConfigSources;
import io.castellan.sdk.transport.TlsTrust;
import io.castellan.testkit.ServerProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The gateway against a real server process: the real CLI makes a pamUser record (its password a canary), an
 * application with an editable grant and a gateway client; {@code ott-init} redeems the token with the certificate
 * pinned; {@code start} runs from {@code GATEWAY_CONFIG}, and a handler reads the record through the SDK, pushes the
 * canary through deliberate failures (exception message and cause, a parameterised log call, a failed connection
 * naming it), and on a second job writes a new password back with {@code update_secret}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GatewayEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger("io.castellan.gateway.test.LeakyRotation");
    private static final String APP = "gateway e2e";

    @TempDir
    static Path dir;
    private ServerProcess server;
    private Path cliConfig;
    private String pamUid;
    private String pamPassword;

    @BeforeAll
    void startServerAndMakeTheVault() throws Exception {
        Path dataDir = dir.resolve("server/data");
        cliConfig = dir.resolve("admin/config.json");
        Files.createDirectories(cliConfig.getParent());
        Path adminPw = Files.writeString(dir.resolve("admin.pw"), "admin master password " + Canaries.next() + "\n");
        String admin = "admin@gw-e2e.example";
        cli("server", "init-admin", "--data-dir", dataDir.toString(), "--email", admin, "--password-file",
                adminPw.toString(), "--iterations", "100000");
        server = ServerProcess.builder(dataDir).listen("127.0.0.1", 0).logFile(dir.resolve("server/server.log"))
                .startTimeout(Duration.ofSeconds(150)).start();
        vault("login", admin, "--server", server.url(), "--password-file", adminPw.toString());
        pamPassword = Canaries.next();
        pamUid = vault("record-add", "-rt", "pamUser", "-t", "db admin", "login=dbadmin", "password=" + pamPassword)
                .strip();
        vault("secrets-manager", "app", "create", APP);
        vault("secrets-manager", "share", "add", "--app", APP, "--secret", pamUid, "--editable");
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void ottInitBindsAndStartRunsJobsWhoseSecretsNeverReachTheLogs() throws Exception {
        // ott-init prints the base64 configuration: bound, with the certificate pinned
        String token = vault("secrets-manager", "client", "add", "--app", APP, "--name", "gw1", "--kind", "gateway")
                .strip();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine ott = GatewayMain.commandLine(GatewayEnvironment.forProcess());
        ott.setOut(new PrintWriter(out, true));
        ott.setErr(new PrintWriter(err, true));
        int exit = ott.execute("ott-init", token, "--server", "127.0.0.1:" + server.port(), "--fingerprint",
                server.fingerprint().toLowerCase());
        assertThat(exit).as(err.toString()).isZero();
        String base64 = out.toString().strip();
        ClientConfig config = ClientConfigCodec.parse(base64);
        assertThat(config.isBound()).isTrue();
        assertThat(config.require(ClientConfig.HOSTNAME)).isEqualTo("127.0.0.1:" + server.port());
        assertThat(config.require(GatewayConfigKeys.TLS_FINGERPRINT)).isEqualTo(server.fingerprint());
        assertThat(config.get(ClientConfig.SERVER_PUBLIC_KEY_ID)).isPresent();
        assertThat(err.toString()).contains("Gateway bound to application '" + APP + "'");

        // the same token cannot be spent twice; a second token written to a file gets mode 0600
        assertThat(GatewayMain.commandLine(GatewayEnvironment.forProcess()).execute("ott-init", token, "--server",
                "127.0.0.1:" + server.port(), "--fingerprint", server.fingerprint())).isNotZero();
        String token2 = vault("secrets-manager", "client", "add", "--app", APP, "--name", "gw2", "--kind", "gateway")
                .strip();
        Path file = dir.resolve("gw2/gateway-config.json");
        assertThat(GatewayMain.commandLine(GatewayEnvironment.forProcess()).execute("ott-init", token2, "--server",
                "127.0.0.1:" + server.port(), "--fingerprint", server.fingerprint(), "--config-file",
                file.toString())).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(ConfigSources.fromFile(file).isBound()).isTrue();

        // start from GATEWAY_CONFIG; the rotate handler leaks the canary every way it can
        Path logs = dir.resolve("gw-logs");
        LocalRouterConnection.Factory routers = new LocalRouterConnection.Factory();
        StopSignal stop = new StopSignal();
        String newPassword = "new-" + Canaries.next();
        GatewayEnvironment env = new GatewayEnvironment(Map.of("GATEWAY_CONFIG", base64), dir, () -> routers,
                services -> List.of(new LeakyRotation(newPassword)), new SecretScrubber(), stop, Clock.systemUTC());
        CommandLine gateway = GatewayMain.commandLine(env);
        gateway.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> gateway.execute("start",
                "--log-dir", logs.toString(), "--debug"));
        LocalRouterConnection connection = routers.await();
        assertThat(connection.settings.capabilities()).contains("rotate", "noop", "gateway-info");
        assertThat(connection.settings.serverUri().toString()).isEqualTo(server.url());

        List<JobUpdate> updates = new CopyOnWriteArrayList<>();
        connection.sink.accept(new Command("job-leak", "rotate", List.of(pamUid), Map.of("mode", "fail"), 60_000),
                updates::add);
        JobUpdate failed = awaitTerminal(updates, "job-leak");
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.summary()).isEqualTo("target refused password [scrubbed]");

        connection.sink.accept(new Command("job-rotate", "rotate", List.of(pamUid), Map.of("mode", "update"), 60_000),
                updates::add);
        JobUpdate rotated = awaitTerminal(updates, "job-rotate");
        assertThat(rotated.state()).as(rotated.summary()).isEqualTo(JobState.SUCCEEDED);

        stop.request();
        assertThat(running.get(60, TimeUnit.SECONDS)).isZero();

        // the record now holds the new password, as another device of the application reads it
        try (SecretsManager reader = SecretsManager.fromConfig(ConfigSources.fromFile(file),
                SecretsManagerOptions.builder().tls(TlsTrust.pinned(server.fingerprint())).build())) {
            assertThat(reader.getSecrets(List.of(pamUid)).record(pamUid).orElseThrow().password())
                    .contains(newPassword);
        }
        String log = Files.readString(logs.resolve("gateway.log"));
        assertThat(log).contains("job job-leak failed", "checking [scrubbed] against the target",
                "Caused by: java.io.IOException: bad password [scrubbed]", "cannot reach [scrubbed].invalid",
                "job job-rotate succeeded");
        assertThat(log).doesNotContain(pamPassword, newPassword);
        assertThat(updates.toString()).doesNotContain(pamPassword, newPassword);
        assertThat(err.toString()).doesNotContain(pamPassword, newPassword);
    }

    /** A stand-in for the rotation engineer's handler: reads the pamUser, then fails loudly or rotates. */
    private static final class LeakyRotation implements JobHandler {

        private final String newPassword;

        LeakyRotation(String newPassword) {
            this.newPassword = newPassword;
        }

        @Override
        public CommandType type() {
            return CommandType.ROTATE;
        }

        @Override
        public JobOutcome run(JobContext context) throws Exception {
            GatewaySecrets secrets = context.secrets();
            String uid = context.command().recordUids().getFirst();
            Secret record = secrets.getSecrets(List.of(uid)).record(uid).orElseThrow();
            String password = record.password().orElseThrow();
            if (context.arg("mode", "").equals("update")) {
                secrets.registerNew(newPassword);
                record.data().setFieldValue("password", null, newPassword);
                secrets.updateSecret(record, null);
                return JobOutcome.of("rotated");
            }
            LOG.info("checking {} against the target", password);
            try (Socket s = new Socket(password + ".invalid", 22)) {
                LOG.info("unexpectedly connected to {}", s);
            } catch (java.io.IOException e) {
                LOG.warn("cannot reach {}.invalid", password, e);
            }
            throw new IllegalStateException("target refused password " + password,
                    new java.io.IOException("bad password " + password));
        }
    }

    private static JobUpdate awaitTerminal(List<JobUpdate> updates, String jobId) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            for (JobUpdate u : updates) {
                if (u.jobId().equals(jobId) && u.state().terminal()) {
                    return u;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + jobId + " did not end: " + updates);
    }

    private String vault(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--config", cliConfig.toString())).toArray(String[]::new);
        return cli(all);
    }

    private static String cli(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        if (exit != 0) {
            throw new AssertionError("castellan " + String.join(" ", args) + " exited " + exit + ": " + err);
        }
        return out.toString();
    }
}
