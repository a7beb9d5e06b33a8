package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.gateway.GatewayMain;
import io.castellan.testkit.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The parts a rotation test with real processes needs: a server process with an administrator logged in through the
 * CLI ({@link #run}, {@link #ok}, {@link #json}), and gateway processes started from the configuration that
 * {@code pam gateway new -c} printed, optionally with a fault armed ({@code CASTELLAN_GATEWAY_FAULT}).
 */
final class RotationLab implements AutoCloseable {


    private final Path dir;
    private final Path config;
    private final ServerProcess server;
    private Process gateway;

    private RotationLab(Path dir, Path config, ServerProcess server) {
        this.dir = dir;
        this.config = config;
        this.server = server;
    }

    /** Creates an administrator, starts the server process and logs the CLI in. */
    static RotationLab start(Path dir, String adminEmail) throws IOException {
        Path dataDir = dir.resolve("server/data");
        Path config = Files.createDirectories(dir.resolve("cli")).resolve("config.json");
        Path pw = Files.writeString(dir.resolve("admin.pw"), "rotation lab master password 7Qx2\n");
        Result created = Cli.run("server", "init-admin", "--data-dir", dataDir.toString(), "--email", adminEmail,
                "--password-file", pw.toString(), "--iterations", "100000");
        assertThat(created.exit()).as(created.err()).isZero();
        ServerProcess server = ServerProcess.builder(dataDir).listen("127.0.0.1", 0)
                .logFile(dir.resolve("server.log")).startTimeout(Duration.ofSeconds(300)).start();
        RotationLab lab = new RotationLab(dir, config, server);
        lab.ok("login", adminEmail, "--server", server.url(), "--password-file", pw.toString());
        return lab;
    }

    ServerProcess server() {
        return server;
    }

    /** The gateway processes' standard output and error, for failure messages. */
    String gatewayOutput() throws IOException {
        Path out = dir.resolve("gw.out");
        String all = Files.exists(out) ? Files.readString(out) : "";
        return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
    }

    Path gatewayLog() {
        return dir.resolve("gw-logs/gateway.log");
    }

    /** Starts a gateway process from GATEWAY_CONFIG; {@code fault} arms a crash point (null: none). */
    Process startGateway(String gatewayConfig, String fault) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only and the serial collector: these tests start gateways many times on a small shared machine.
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Duser.home=" + dir.resolve("gw-home"), "-cp", System.getProperty("java.class.path"),
                GatewayMain.class.getName(), "start", "--log-dir", dir.resolve("gw-logs").toString(), "--debug"));
        pb.environment().put("GATEWAY_CONFIG", gatewayConfig);
        if (fault != null) {
            pb.environment().put("CASTELLAN_GATEWAY_FAULT", fault);
        } else {
            pb.environment().remove("CASTELLAN_GATEWAY_FAULT");
        }
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("gw.out").toFile()));
        gateway = pb.start();
        return gateway;
    }

    /** Stops the running gateway: SIGTERM (a clean stop), then SIGKILL after 30 s. */
    void stopGateway() throws Exception {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroy();
            if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Waits until the only gateway is listed with {@code online} equal to {@code online}. */
    void awaitGateway(boolean online) throws Exception {
        // Generous: a gateway JVM start takes tens of seconds on a loaded two-CPU machine.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < end) {
            JsonNode list = json("pam", "gateway", "list");
            if (list.size() == 1 && list.get(0).path("online").asBoolean() == online) {
                return;
            }
            if (online) {
                assertThat(gateway.isAlive()).as("the gateway process is running (see gw.out)").isTrue();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the gateway did not go " + (online ? "online" : "offline") + ": "
                + Files.readString(dir.resolve("gw.out")));
    }

    Result run(String... args) {
        return ConfiguredCli.run(config, args);
    }

    Result ok(String... args) {
        return ConfiguredCli.ok(config, args);
    }

    JsonNode json(String... args) throws IOException {
        return ConfiguredCli.json(config, args);
    }

    @Override
    public void close() throws Exception {
        try {
            stopGateway();
        } finally {
            server.close();
        }
    }
}
