package io.castellan.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.gateway.logging.SecretScrubber;
import io.castellan.gateway.testing.LocalRouterConnection;
import io.castellan.gateway.testing.TestConfigs;
import io.castellan.model.gateway.Command;
import io.castellan.model.gateway.JobState;
import io.castellan.model.gateway.JobUpdate;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.ClientConfigCodec;
import io.castellan.sdk.config.FileConfigStorage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code castellan-gateway start} as a user runs it: configuration sources, errors and exit codes, clean stop. */
@Timeout(60)
class StartCommandTest {

    @TempDir
    Path home;

    private final LocalRouterConnection.Factory routers = new LocalRouterConnection.Factory();
    private final StopSignal stop = new StopSignal();
    private final StringWriter err = new StringWriter();

    @Test
    void startsFromAConfigFileRunsTheServersCommandsAndStopsCleanly() throws Exception {
        ClientConfig config = TestConfigs.bound("127.0.0.1:9");
        Path file = home.resolve("gw.json");
        FileConfigStorage.at(file).save(config);
        Path logs = home.resolve("logs");

        CompletableFuture<Integer> exit = start(Map.of(), "--config-file", file.toString(), "--log-dir",
                logs.toString(), "--max-jobs", "2");
        LocalRouterConnection connection = routers.await();

        assertThat(connection.settings.serverUri()).isEqualTo(URI.create("https://127.0.0.1:9"));
        assertThat(connection.settings.clientId()).isEqualTo(config.require(ClientConfig.CLIENT_ID));
        assertThat(((ECPrivateKey) connection.settings.deviceKey()).getS()).isEqualTo(EcKeys.privateKeyFromPkcs8(
                Base64s.decode(config.require(ClientConfig.PRIVATE_KEY))).getS());
        assertThat(connection.settings.capabilities()).containsExactlyInAnyOrder("noop", "gateway-info");
        assertThat(connection.settings.sslContext()).isNotNull();
        assertThat(connection.connected()).isTrue();
        List<JobUpdate> updates = new CopyOnWriteArrayList<>();
        connection.sink.accept(new Command("job-1", "gateway-info", List.of(), Map.of(), 5_000), updates::add);
        awaitSize(updates, 2);
        assertThat(updates).extracting(JobUpdate::state).containsExactly(JobState.RUNNING, JobState.SUCCEEDED);
        assertThat(updates.get(1).details()).containsKeys("version", "uptimeSeconds", "runningJobs");

        // a thread dying of an exception that quotes the gateway's own key is logged, scrubbed, not printed raw
        Thread dying = new Thread(() -> {
            throw new IllegalStateException("app key " + config.require(ClientConfig.APP_KEY) + " rejected");
        }, "dying-thread");
        dying.start();
        dying.join();

        stop.request();
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(connection.closed()).isTrue();
        assertThat(stop.awaitStopped(1)).isTrue();
        String log = Files.readString(logs.resolve("gateway.log"));
        assertThat(log).contains("started: server https://127.0.0.1:9", "configuration from file " + file,
                config.require(ClientConfig.CLIENT_ID), "job job-1 accepted", "gateway stopped",
                "uncaught exception in thread dying-thread", "app key [scrubbed] rejected");
        assertThat(log).doesNotContain(config.require(ClientConfig.PRIVATE_KEY), config.require(ClientConfig.APP_KEY));
    }

    @Test
    void takesTheConfigurationFromGatewayConfigAndExitsWhenTheServerRefusesIt() throws Exception {
        ClientConfig config = TestConfigs.bound("127.0.0.1:9");

        CompletableFuture<Integer> exit = start(Map.of("GATEWAY_CONFIG", ClientConfigCodec.toBase64(config)));
        LocalRouterConnection connection = routers.await();
        assertThat(connection.settings.clientId()).isEqualTo(config.require(ClientConfig.CLIENT_ID));
        connection.refuse("this gateway was removed");

        assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(err.toString()).contains("castellan-gateway: the server refused the gateway: this gateway was removed");
        assertThat(home.resolve(".castellan/logs/gateway.log")).exists();
    }

    @Test
    void refusesAConfigFileOthersCanRead() throws Exception {
        Path file = home.resolve("gw.json");
        FileConfigStorage.at(file).save(TestConfigs.bound("127.0.0.1:9"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        int exit = start(Map.of(), "--config-file", file.toString(), "--log-to-stdout", "--log-dir",
                home.resolve("l").toString()).get(20, TimeUnit.SECONDS);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("the configuration file " + file + " is accessible to other users "
                + "(mode rw-r--r--)", "chmod 600 " + file);
        assertThat(routers.await0()).isNull();
    }

    @Test
    void everyBadConfigurationHasAClearErrorAndExitCode() throws Exception {
        Path defaultFile = home.resolve(".castellan/gateway-config.json");
        assertThat(start(Map.of()).get(20, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(err.toString()).contains("no gateway configuration: " + defaultFile + " does not exist and "
                + "GATEWAY_CONFIG is not set");

        assertThat(start(Map.of("GATEWAY_CONFIG", "%%% not base64 %%%")).get(20, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(err.toString()).contains("the environment variable GATEWAY_CONFIG: configuration is neither JSON "
                + "nor base64 of JSON");

        ClientConfig unbound = TestConfigs.bound("127.0.0.1:9").with(ClientConfig.APP_KEY, null);
        assertThat(start(Map.of("GATEWAY_CONFIG", ClientConfigCodec.toBase64(unbound))).get(20, TimeUnit.SECONDS))
                .isEqualTo(2);
        assertThat(err.toString()).contains("the configuration is not bound to its application yet");

        ClientConfig badKey = TestConfigs.bound("127.0.0.1:9").with(ClientConfig.PRIVATE_KEY, "bm90IGEga2V5");
        assertThat(start(Map.of("GATEWAY_CONFIG", ClientConfigCodec.toBase64(badKey))).get(20, TimeUnit.SECONDS))
                .isEqualTo(2);
        assertThat(err.toString()).contains("privateKey");

        assertThat(start(Map.of(), "--config-file", home.resolve("nope.json").toString()).get(20, TimeUnit.SECONDS))
                .isEqualTo(2);
        assertThat(err.toString()).contains("the configuration file " + home.resolve("nope.json")
                + " does not exist");

        assertThat(start(Map.of(), "--max-jobs", "0").get(20, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(err.toString()).contains("--max-jobs must be between 1 and 256");

        assertThat(start(Map.of(), "--tunnel-listen", "0.0.0.0:7443").get(20, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(err.toString()).contains("--tunnel-listen on a wildcard address needs --tunnel-advertise");
        assertThat(start(Map.of(), "--tunnel-advertise", "gw.example.com").get(20, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(err.toString()).contains("--tunnel-advertise needs --tunnel-listen");
        assertThat(start(Map.of(), "--tunnel-listen", "127.0.0.1:0", "--tunnel-advertise-port", "70000")
                .get(20, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(err.toString()).contains("--tunnel-advertise-port 70000 is out of range (1 to 65535)");
        assertThat(routers.await0()).isNull();
    }

    @Test
    void aDirectTunnelPortThatCannotBeBoundStopsTheStartNamingIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String where = "127.0.0.1:" + taken.getLocalPort();
            int exit = start(Map.of("GATEWAY_CONFIG", ClientConfigCodec.toBase64(TestConfigs.bound("127.0.0.1:9"))),
                    "--tunnel-listen", where).get(20, TimeUnit.SECONDS);
            assertThat(exit).isEqualTo(io.castellan.model.error.ErrorCode.CONFLICT.exitCode());
            assertThat(err.toString()).contains("cannot listen for direct tunnels on " + where);
            assertThat(routers.await0()).as("it never reached the server").isNull();
        }
    }

    private CompletableFuture<Integer> start(Map<String, String> variables, String... args) {
        GatewayEnvironment env = new GatewayEnvironment(variables, home, () -> routers, services -> List.of(),
                new SecretScrubber(), stop, Clock.systemUTC());
        List<String> all = new ArrayList<>(List.of("start"));
        all.addAll(List.of(args));
        if (!all.contains("--log-dir")) {
            all.add("--log-to-stdout");
        }
        var cli = GatewayMain.commandLine(env);
        cli.setErr(new PrintWriter(err, true));
        return CompletableFuture.supplyAsync(() -> cli.execute(all.toArray(String[]::new)));
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < size && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(list).hasSize(size);
    }
}
