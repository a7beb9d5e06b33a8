package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.model.error.ErrorCode;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.SecretsManagerOptions;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.InMemoryConfigStorage;
import io.castellan.sdk.transport.TlsTrust;
import io.castellan.testkit.ServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server renew-cert} and {@code server rotate-transmission-key} on a real server process, with a CLI session
 * and a Secrets Manager device (Castellan's SDK) that pinned the first certificate and bound to transmission key 1:
 * after renewal and rotation both keep working without being touched (the pin is honoured through the renewed chain,
 * key 1 stays accepted) while new devices get key 2; after key 1 is retired the old device is told
 * {@code {"error":"key","key_id":2}}, switches and saves the new id, and the CLI refetches the server keys. A real
 * gateway process, configured once with the first certificate pinned ({@code pam gateway new -c}) and never touched,
 * reconnects to the Router after each restart.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KeyRotationAndCertificateRenewalTest {

    private static final String ADMIN = "admin@rotation-e2e.example";
    private static final String SECRET = "pinned device secret 4Lm8Qz";

    @TempDir
    Path dir;

    @Test
    void renewalAndRotationBreakNeitherThePinnedCliNorThePinnedDevice() throws Exception {
        Path data = dir.resolve("data");
        Path password = Files.writeString(dir.resolve("admin.pw"), "rotation e2e admin master password\n");
        Result init = Cli.run("server", "init-admin", "--data-dir", data.toString(), "--email", ADMIN,
                "--password-file", password.toString(), "--iterations", "100000");
        assertThat(init.exit()).as(init.err()).isZero();
        int port = freePort();
        Path config = dir.resolve("cli/config.json");
        InMemoryConfigStorage storage = new InMemoryConfigStorage();
        String firstFingerprint;
        String recordUid;
        Process gateway = null;
        try (ServerProcess server = start(data, port, "1.log")) {
            firstFingerprint = server.fingerprint();
            ConfiguredCli.ok(config, "login", ADMIN, "--server", server.url(), "--password-file", password.toString());
            recordUid = ConfiguredCli.ok(config, "record-add", "-rt", "login", "-t", "db", "login=app",
                    "password=" + SECRET).out().strip();
            ConfiguredCli.ok(config, "secrets-manager", "app", "create", "rotation app");
            ConfiguredCli.ok(config, "secrets-manager", "share", "add", "--app", "rotation app", "--secret", recordUid);
            String token = ConfiguredCli.ok(config, "secrets-manager", "client", "add", "--app", "rotation app",
                    "--name", "old device").out().strip();
            try (SecretsManager device = SecretsManager.initialize(token, options(port, firstFingerprint, storage))) {
                assertThat(device.getNotationValue(notation(recordUid))).isEqualTo(SECRET);
            }
            assertThat(keyId(storage)).isEqualTo("1");

            String gatewayConfig = ConfiguredCli.ok(config, "pam", "gateway", "new", "-n", "gw", "-a", "rotation app",
                    "-c").out().strip();
            gateway = startGateway(gatewayConfig);
            awaitGatewayOnline(config, gateway, 0);
        }

        Result renewed = Cli.run("server", "renew-cert", "--data-dir", data.toString());
        assertThat(renewed.exit()).as(renewed.err()).isZero();
        assertThat(renewed.out()).contains("previous: SHA-256 " + firstFingerprint);
        Result rotated = Cli.run("server", "rotate-transmission-key", "--data-dir", data.toString());
        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("Added transmission key id 2; accepted: 1, 2.");

        long restarted = System.currentTimeMillis();
        try (ServerProcess server = start(data, port, "2.log")) {
            awaitGatewayOnline(config, gateway, restarted);
            assertThat(server.fingerprint()).as("the renewed certificate is presented").isNotEqualTo(firstFingerprint);
            assertThat(server.log()).contains("Transmission key: id 2");
            assertThat(passwordOf(ConfiguredCli.json(config, "get", recordUid, "--unmask")))
                    .as("the CLI pinned to the first certificate, with its saved session").isEqualTo(SECRET);
            try (SecretsManager device = SecretsManager.fromStorage(options(port, firstFingerprint, storage))) {
                assertThat(device.getNotationValue(notation(recordUid))).isEqualTo(SECRET);
            }
            assertThat(keyId(storage)).as("key 1 is still accepted; nothing forced a switch").isEqualTo("1");

            InMemoryConfigStorage newStorage = new InMemoryConfigStorage();
            String token = ConfiguredCli.ok(config, "secrets-manager", "client", "add", "--app", "rotation app",
                    "--name", "new device").out().strip();
            try (SecretsManager device = SecretsManager.initialize(token, options(port, server.fingerprint(),
                    newStorage))) {
                assertThat(device.getNotationValue(notation(recordUid))).isEqualTo(SECRET);
            }
            assertThat(keyId(newStorage)).as("a new device gets the current key").isEqualTo("2");
        }

        Result current = Cli.run("server", "rotate-transmission-key", "--data-dir", data.toString(), "--retire", "2");
        assertThat(current.exit()).isEqualTo(ErrorCode.CONFLICT.exitCode());
        assertThat(current.err()).contains("is the current key");
        Result retired = Cli.run("server", "rotate-transmission-key", "--data-dir", data.toString(), "--retire", "1");
        assertThat(retired.exit()).as(retired.err()).isZero();
        assertThat(data.resolve("keys/transmission-1.key")).doesNotExist();

        restarted = System.currentTimeMillis();
        try (ServerProcess server = start(data, port, "3.log")) {
            awaitGatewayOnline(config, gateway, restarted);
            try (SecretsManager device = SecretsManager.fromStorage(options(port, firstFingerprint, storage))) {
                assertThat(device.getNotationValue(notation(recordUid))).isEqualTo(SECRET);
            }
            assertThat(keyId(storage)).as("the old device learned and saved key 2").isEqualTo("2");
            assertThat(passwordOf(ConfiguredCli.json(config, "get", recordUid, "--unmask"))).isEqualTo(SECRET);
            assertThat(ConfiguredCli.ok(config, "audit", "verify").out()).contains("Intact");
        } finally {
            if (gateway != null) {
                gateway.destroy();
                if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
                    gateway.destroyForcibly();
                }
            }
        }
    }

    /** The gateway agent as a child process, configured only by the base64 configuration (GATEWAY_CONFIG). */
    private Process startGateway(String base64Config) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Duser.home=" + dir.resolve("gw-home"), "-cp",
                System.getProperty("java.class.path"), "io.castellan.gateway.GatewayMain", "start", "--log-dir",
                dir.resolve("gw-logs").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("gateway.out").toFile());
        pb.environment().put("GATEWAY_CONFIG", base64Config);
        return pb.start();
    }

    /** Waits until the gateway holds a Router connection made after {@code since} (epoch ms). */
    private void awaitGatewayOnline(Path config, Process gateway, long since) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (true) {
            JsonNode g = ConfiguredCli.json(config, "pam", "gateway", "list").get(0);
            if (g.path("online").asBoolean() && g.path("connectedAt").asLong() >= since) {
                return;
            }
            assertThat(gateway.isAlive()).as("the gateway runs; it printed:%n%s",
                    Files.readString(dir.resolve("gateway.out"))).isTrue();
            assertThat(System.nanoTime()).as("the gateway reconnects in time; it printed:%n%s",
                    Files.readString(dir.resolve("gateway.out"))).isLessThan(end);
            Thread.sleep(500);
        }
    }

    private ServerProcess start(Path data, int port, String log) {
        return ServerProcess.builder(data).listen("127.0.0.1", port).logFile(dir.resolve(log))
                .startTimeout(Duration.ofSeconds(120)).start();
    }

    private static SecretsManagerOptions options(int port, String fingerprint, InMemoryConfigStorage storage) {
        return SecretsManagerOptions.builder().hostName("127.0.0.1:" + port).tls(TlsTrust.pinned(fingerprint))
                .storage(storage).build();
    }

    private static String keyId(InMemoryConfigStorage storage) {
        return storage.load().orElseThrow().get(ClientConfig.SERVER_PUBLIC_KEY_ID).orElse("(none)");
    }

    private static String notation(String uid) {
        return "keeper://" + uid + "/field/password";
    }

    private static String passwordOf(JsonNode record) {
        for (JsonNode f : record.path("fields")) {
            if ("password".equals(f.path("type").asText())) {
                return f.path("value").get(0).asText();
            }
        }
        throw new AssertionError("no password field in " + record.path("uid"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}