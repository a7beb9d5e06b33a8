package io.castellan.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.cli.Main;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code castellan quickstart} as a person runs it: a child process with a fresh data directory and
 * {@code CASTELLAN_PASSWORD}; it starts its own server, gateway and embedded PostgreSQL. The test waits for its
 * "ready" line, checks the demo role's password really changed on the target (the vault's logs in, the first one
 * is refused) and that the quickstart's tunnel reaches the target through the gateway, stops it with SIGTERM and checks nothing is left running, then runs it again and checks it reused
 * everything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class QuickstartEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "quickstart e2e master password 7Qx";

    @TempDir
    static Path dir;
    private Path data;
    private Path config;
    private int serverPort;
    private int demoPort;
    private int tunnelPort;
    private Process quickstart;
    private String rotated;
    private Path outputFile;

    @AfterAll
    void tearDown() throws Exception {
        if (quickstart != null && quickstart.isAlive()) {
            quickstart.destroy();
            quickstart.waitFor(120, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void theFirstRunBuildsTheSandboxAndRotatesTheDemoPassword() throws Exception {
        data = dir.resolve("data");
        config = dir.resolve("cli/config.json");
        serverPort = freePort();
        demoPort = freePort();
        tunnelPort = freePort();
        start("--port", "" + serverPort, "--demo-port", "" + demoPort, "--tunnel-port", "" + tunnelPort);
        awaitReady();
        assertThat(output()).contains("created admin@castellan.local", "--unmask",
                "psql -h 127.0.0.1 -p " + tunnelPort + " -U demo postgres").doesNotContain(PASSWORD);

        String user = state().path("userUid").asText();
        String now = passwordOf(user);
        rotated = now;
        String initial = firstPasswordOf(user);
        assertThat(now).isNotEqualTo(initial).hasSize(24);
        assertThat(logsIn(now)).as("the vault's password opens the demo PostgreSQL").isTrue();
        assertThat(logsIn(initial)).as("the first password no longer does").isFalse();
        assertThat(queryThroughTheTunnel(now)).as("psql's query through the quickstart's tunnel").isEqualTo("demo");
        assertThat(output()).doesNotContain(now, initial);
        assertThat(json("pam", "gateway", "list").get(0).path("online").asBoolean()).isTrue();
        assertThat(Files.readString(data.resolve("logs/server.log"))).doesNotContain(now, initial, PASSWORD);

        String metrics = https("/metrics");
        assertThat(metrics.lines().toList()).contains("castellan_gateways_online 1",
                "castellan_rotations_total{outcome=\"succeeded\"} 1", "castellan_store_up 1");
        assertThat(metrics).contains("castellan_http_request_duration_seconds_count{api=\"user\"}")
                .doesNotContain(now, initial, user);
        assertThat(https("/readyz")).contains("ready");
    }

    /** GET over HTTPS, trusting only the certificate the quickstart's server generated. */
    private String https(String path) throws Exception {
        java.security.cert.Certificate cert;
        try (var in = Files.newInputStream(data.resolve("server/tls/server.crt"))) {
            cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("quickstart", cert);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        javax.net.ssl.SSLParameters params = new javax.net.ssl.SSLParameters();
        params.setEndpointIdentificationAlgorithm(""); // the certificate is pinned; its name is not checked
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(tls)
                .sslParameters(params).build()) {
            var response = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("https://127.0.0.1:" + serverPort + path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return response.body();
        }
    }

    @Test
    @Order(2)
    void sigtermStopsTheServerTheGatewayAndThePostgres() throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("demo-postgres/data/postmaster.pid"))
                .get(0).strip());
        List<ProcessHandle> children = quickstart.descendants().toList();
        assertThat(children).hasSizeGreaterThanOrEqualTo(3); // the server, the gateway and the tunnel
        assertThat(ProcessHandle.of(postmaster)).isPresent();

        quickstart.destroy(); // SIGTERM, as from a service manager; Ctrl-C's SIGINT runs the same shutdown hook
        assertThat(quickstart.waitFor(180, TimeUnit.SECONDS)).as("the quickstart exits").isTrue();
        assertThat(output()).contains("Stopping the tunnel", "Stopping the gateway", "Stopping the demo PostgreSQL",
                "Stopping the server", "Stopped.");
        for (ProcessHandle child : children) {
            assertThat(child.isAlive()).as("child %s is gone", child.pid()).isFalse();
        }
        // exited (a zombie counts: pg_ctl daemonized it, so reaping it is up to whatever init adopted it)
        assertThat(DemoPostgres.exited(postmaster)).as("the demo postmaster is gone").isTrue();
        assertThat(listening(serverPort)).as("the server's port is closed").isFalse();
        assertThat(listening(demoPort)).as("the demo PostgreSQL's port is closed").isFalse();
        assertThat(listening(tunnelPort)).as("the tunnel's port is closed").isFalse();
    }

    @Test
    @Order(3)
    void aSecondRunReusesTheDataTheAdministratorAndTheRecords() throws Exception {
        JsonNode before = state();
        String password = rotated; // read from the vault in the first run
        start(); // no ports given: the first run's are remembered
        awaitReady();
        assertThat(output()).contains("reusing admin@castellan.local", "already rotated",
                "https://127.0.0.1:" + serverPort);
        assertThat(state()).isEqualTo(before);
        assertThat(ok("whoami")).contains("admin@castellan.local");
        assertThat(json("secrets-manager", "app", "list")).hasSize(1);
        assertThat(json("pam", "gateway", "list")).hasSize(1);
        assertThat(names(json("ls", "Resources"))).containsExactlyInAnyOrder(SandboxRecords.DATABASE,
                SandboxRecords.CONFIGURATION);
        assertThat(names(json("ls", "Users"))).containsExactly(SandboxRecords.USER);
        assertThat(passwordOf(before.path("userUid").asText())).isEqualTo(password);
        assertThat(logsIn(password)).as("the reused cluster keeps the rotated password").isTrue();
        assertThat(queryThroughTheTunnel(password)).as("the tunnel is opened again on the same port").isEqualTo("demo");
    }

    private void start(String... extra) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "quickstart", "--data-dir",
                data.toString(), "--config", config.toString()));
        command.addAll(List.of(extra));
        // To a file, not a pipe: a pipe read while the process exits can lose its last lines (the stop report).
        outputFile = Files.createTempFile(dir, "quickstart", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(outputFile.toFile());
        pb.environment().put("CASTELLAN_PASSWORD", PASSWORD);
        pb.environment().remove(GatewayClasspath.ENV); // the gateway is on this class path
        quickstart = pb.start();
    }

    /** Everything the current quickstart run printed so far. */
    private String output() throws IOException {
        return Files.readString(outputFile);
    }

    private void awaitReady() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (!output().contains(QuickstartCommand.READY)) {
            assertThat(quickstart.isAlive()).as("quickstart is running; it printed:%n%s", output()).isTrue();
            assertThat(System.nanoTime()).as("quickstart ready in time; it printed:%n%s", output()).isLessThan(end);
            Thread.sleep(500);
        }
    }

    private JsonNode state() throws IOException {
        return JSON.readTree(data.resolve(QuickstartState.FILE).toFile());
    }

    private String passwordOf(String uid) throws IOException {
        return passwordField(json("get", uid, "--unmask"));
    }

    private String firstPasswordOf(String uid) throws IOException {
        return passwordField(json("record-history", uid, "--revision", "1", "--unmask"));
    }

    private static String passwordField(JsonNode record) {
        for (JsonNode f : record.path("fields")) {
            if ("password".equals(f.path("type").asText())) {
                return f.path("value").get(0).asText();
            }
        }
        throw new AssertionError("no password field in " + record.path("uid"));
    }

    private static List<String> names(JsonNode listing) {
        List<String> names = new ArrayList<>();
        listing.forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    private boolean logsIn(String password) {
        Properties p = new Properties();
        p.setProperty("user", DemoPostgres.DEMO_ROLE);
        p.setProperty("password", password);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + demoPort + "/postgres", p)) {
            return c.isValid(5);
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("the demo PostgreSQL did not answer: " + e.getSQLState(), e);
        }
    }

    /**
     * Connects to the tunnel's local port as the demo role (without TLS: the bytes are sealed by the tunnel) and
     * asks the server who it is: proof that the gateway forwarded the session to the demo PostgreSQL.
     */
    private String queryThroughTheTunnel(String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", DemoPostgres.DEMO_ROLE);
        p.setProperty("password", password);
        p.setProperty("sslmode", "disable");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + tunnelPort + "/postgres", p);
                var rs = c.createStatement().executeQuery("SELECT current_user")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String ok(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString()));
        Result r = Cli.run(all.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new AssertionError("castellan " + String.join(" ", args) + " exited " + r.exit() + ": " + r.err());
        }
        return r.out();
    }

    private JsonNode json(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--format", "json"));
        return JSON.readTree(ok(all.toArray(String[]::new)));
    }
}
