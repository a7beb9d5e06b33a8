package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.cli.Main;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.tunnel.TunnelProtocol;
import io.castellan.testkit.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tunnels with every part real: a server process, a gateway process ({@code castellan-gateway start}), the CLI's
 * {@code pam tunnel start} as its own process, and the real {@code psql} client talking through the tunnel to the
 * machine's PostgreSQL on 5432: CLI ⇄ WebSocket ⇄ relay ⇄ gateway WebSocket ⇄ TCP to the target.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TunnelEndToEndTest {

    private static final String ADMIN = "admin@tunnel-e2e.example";
    private static final Pattern LISTENING = Pattern.compile("tunnel (\\S+) listening on [^:\\s]+:([0-9]+)");

    @TempDir
    static Path dir;
    private ServerProcess server;
    private Path config;
    private String resourceUid;
    private Process gateway;
    private final List<Process> tunnels = new ArrayList<>();
    private String lastTunnelId;
    private String lastListening;

    @BeforeAll
    void setUp() throws Exception {
        Path dataDir = dir.resolve("server/data");
        config = Files.createDirectories(dir.resolve("cli")).resolve("config.json");
        Path pw = Files.writeString(dir.resolve("admin.pw"), "tunnel e2e master password 7Hq2\n");
        Result created = Cli.run("server", "init-admin", "--data-dir", dataDir.toString(), "--email", ADMIN,
                "--password-file", pw.toString(), "--iterations", "100000");
        assertThat(created.exit()).as(created.err()).isZero();
        server = ServerProcess.builder(dataDir).listen("127.0.0.1", 0).logFile(dir.resolve("server.log"))
                .startTimeout(Duration.ofSeconds(120)).start();
        ok("login", ADMIN, "--server", server.url(), "--password-file", pw.toString());
        ok("mkdir", "-sf", "Databases");
        resourceUid = ok("record-add", "-rt", "pamDatabase", "-t", "local pg", "--folder", "Databases",
                "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"5432\"}", "databaseType=postgresql",
                "login=postgres", "c.trafficEncryptionSeed=" + HexFormat.of().formatHex(new byte[16]) + "seed")
                .out().strip();
        ok("secrets-manager", "app", "create", "tunnel app");
        ok("secrets-manager", "share", "add", "--app", "tunnel app", "--secret", "Databases");
        String gatewayConfig = ok("pam", "gateway", "new", "-n", "gw-tunnel", "-a", "tunnel app", "-c").out().strip();
        ok("pam", "config", "new", "--environment", "local", "--title", "Lab", "--gateway", "gw-tunnel",
                "--shared-folder", "Databases", "--tunneling", "on");
        ok("pam", "tunnel", "edit", resourceUid, "--enable-tunneling");
        startGateway(gatewayConfig);
        awaitOnline();
    }

    @AfterAll
    void tearDown() {
        tunnels.forEach(TunnelLab::stop);
        TunnelLab.stop(gateway);
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void psqlRunsAQueryThroughTheTunnel() throws Exception {
        int port = startTunnel();
        String canary = "canary-" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(6));
        Result q = psql(port, "SELECT '" + canary + "' AS c");
        assertThat(q.exit()).as(q.err()).isZero();
        assertThat(q.out().strip()).isEqualTo(canary);
    }

    @Test
    @Order(2)
    void manyConcurrentConnectionsShareOneTunnel() throws Exception {
        int port = startTunnel();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Result>> runs = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                runs.add(pool.submit(() -> psql(port, "SELECT " + n + " + count(*) FROM generate_series(1, 20000)"
                        + " WHERE pg_sleep(0) IS NOT NULL")));
            }
            for (int i = 0; i < runs.size(); i++) {
                Result r = runs.get(i).get(120, TimeUnit.SECONDS);
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(r.out().strip()).isEqualTo(Integer.toString(i + 20000));
            }
        } finally {
            pool.shutdownNow();
        }
        // a large result crosses many frames and credit windows
        Result big = psql(port, "SELECT string_agg(md5(g::text), '') FROM generate_series(1, 40000) g");
        assertThat(big.exit()).as(big.err()).isZero();
        assertThat(big.out().strip()).hasSize(40000 * 32);
    }

    @Test
    @Order(3)
    void listAndStopManageRunningTunnels() throws Exception {
        int port = startTunnel();
        String mine = lastTunnelId;
        JsonNode list = json("pam", "tunnel", "list");
        JsonNode listed = null;
        for (JsonNode t : list) {
            if (t.path("tunnelId").asText().equals(mine)) {
                listed = t;
            }
        }
        assertThat(listed).as("tunnel %s in 'pam tunnel list'", mine).isNotNull();
        assertThat(listed.path("recordUid").asText()).isEqualTo(resourceUid);
        assertThat(listed.path("connected").asBoolean()).isTrue();
        ok("pam", "tunnel", "stop", mine);
        Process p = tunnels.get(tunnels.size() - 1);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the stopped tunnel's CLI process ends").isTrue();
        Result refused = psql(port, "SELECT 1");
        assertThat(refused.exit()).isNotZero();
    }

    @Test
    @Order(4)
    void aTargetThatRefusesIsReportedAndTheTunnelSurvives() throws Exception {
        String closedPortUid = ok("record-add", "-rt", "pamDatabase", "-t", "nothing here", "--folder", "Databases",
                "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"1\"}", "databaseType=postgresql").out()
                .strip();
        ok("pam", "tunnel", "edit", closedPortUid, "--enable-tunneling");
        Process p = tunnelProcess(closedPortUid);
        int port = awaitPort(p);
        Result r = psql(port, "SELECT 1");
        assertThat(r.exit()).isNotZero();
        assertThat(p.isAlive()).isTrue();
        Path out = dir.resolve("tunnel-" + p.pid() + ".out");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end && !(Files.exists(out) && Files.readString(out).contains("refused"))) {
            Thread.sleep(100);
        }
        assertThat(Files.readString(out)).contains("the target 127.0.0.1:1 refused the connection");
    }

    @Test
    @Order(5)
    void withoutTheTunnelingFeatureTheServerRefuses() throws Exception {
        ok("mkdir", "-sf", "NoTunnels");
        String uid = ok("record-add", "-rt", "pamDatabase", "-t", "other", "--folder", "NoTunnels",
                "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"5432\"}", "databaseType=postgresql")
                .out().strip();
        ok("secrets-manager", "share", "add", "--app", "tunnel app", "--secret", "NoTunnels");
        ok("pam", "config", "new", "--environment", "local", "--title", "No tunnels", "--gateway", "gw-tunnel",
                "--shared-folder", "NoTunnels", "--tunneling", "off");
        ok("pam", "tunnel", "edit", uid, "--enable-tunneling"); // on for the record: the configuration refuses
        Result r = run("pam", "tunnel", "start", uid);
        assertThat(r.exit()).isEqualTo(ErrorCode.FORBIDDEN.exitCode());
        assertThat(r.err()).contains("does not allow the feature tunneling");
    }

    @Test
    @Order(6)
    void mysqlClientQueriesMariaDbThroughTheTunnel() throws Exception {
        String suffix = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(4));
        String user = "tun_" + suffix;
        String db = "tundb_" + suffix;
        String password = "Tq9-" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(8));
        // the throwaway account and database are made directly (root over TCP, no password: scripts/test-env)
        Result setup = mysql(3306, "root", "", "CREATE DATABASE " + db + "; CREATE USER '" + user + "'@'%'"
                + " IDENTIFIED BY '" + password + "'; GRANT ALL ON " + db + ".* TO '" + user + "'@'%';");
        assertThat(setup.exit()).as(setup.err()).isZero();
        try {
            String uid = ok("record-add", "-rt", "pamDatabase", "-t", "local mariadb", "--folder", "Databases",
                    "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"3306\"}", "databaseType=mysql",
                    "login=" + user).out().strip();
            ok("pam", "tunnel", "edit", uid, "--enable-tunneling");
            int port = awaitPort(tunnelProcess(uid));
            Result r = mysql(port, user, password, "CREATE TABLE " + db + ".t (v VARCHAR(64));"
                    + " INSERT INTO " + db + ".t VALUES ('" + user + "-canary'); SELECT v FROM " + db + ".t;"
                    + " SELECT CURRENT_USER();");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out().strip().split("\n")).containsExactly(user + "-canary", user + "@%");
        } finally {
            mysql(3306, "root", "", "DROP DATABASE IF EXISTS " + db + "; DROP USER IF EXISTS '" + user + "'@'%';");
        }
    }

    @Test
    @Order(7)
    void sshRunsACommandThroughTheTunnel() throws Exception {
        String account = "ctun" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(3));
        LinuxTestAccounts.create(account, "Unused-" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(8)));
        try {
            Path key = dir.resolve("ssh-" + account);
            Result keygen = exec(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()));
            assertThat(keygen.exit()).as(keygen.err()).isZero();
            Result authorize = exec(List.of("bash", "-c", "install -d -m 700 -o " + account + " -g " + account
                    + " ~" + account + "/.ssh && install -m 600 -o " + account + " -g " + account + " " + key
                    + ".pub ~" + account + "/.ssh/authorized_keys"));
            assertThat(authorize.exit()).as(authorize.err()).isZero();
            // no port on the record: the configuration's port mapping says ssh is on 2222 here
            ok("mkdir", "-sf", "Machines");
            ok("secrets-manager", "share", "add", "--app", "tunnel app", "--secret", "Machines");
            ok("pam", "config", "new", "--environment", "local", "--title", "Machines", "--gateway", "gw-tunnel",
                    "--shared-folder", "Machines", "--tunneling", "on", "--port-mapping", "2222=ssh",
                    "--port-mapping", "3390=rdp");
            String uid = ok("record-add", "-rt", "pamMachine", "-t", "local sshd", "--folder", "Machines",
                    "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"\"}").out().strip();
            ok("pam", "tunnel", "edit", uid, "--enable-tunneling");
            int port = awaitPort(tunnelProcess(uid));
            Result r = exec(List.of("ssh", "-p", Integer.toString(port), "-i", key.toString(), "-o", "BatchMode=yes",
                    "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                    "-o", "ConnectTimeout=30", account + "@127.0.0.1", "echo tunnel-$(whoami)-$((6*7))"));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out().strip()).isEqualTo("tunnel-" + account + "-42");
        } finally {
            LinuxTestAccounts.remove(account);
        }
    }

    @Test
    @Order(8)
    void aRelayCredentialInTheUrlIsRefusedAndTheTokenUsedUp() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .sslContext(io.castellan.client.transport.TlsTrust.pinned(server.fingerprint()).sslContext()).build();
        String base = server.url().replaceFirst("^http", "ws");
        io.castellan.client.VaultClient client = new io.castellan.client.VaultClient(
                io.castellan.client.transport.ApiTransport.connect(java.net.URI.create(server.url()),
                        io.castellan.client.transport.TlsTrust.pinned(server.fingerprint())),
                new io.castellan.client.config.ConfigStore(config).load());
        String token = client.tunnels().open(resourceUid).token(); // a real, unused relay token
        String refused = "1008 send the tunnel credential in the Authorization header, not in the URL";
        assertThat(closeOf(http, base + TunnelProtocol.CLIENT_PATH + "?token=" + token, null)).isEqualTo(refused);
        assertThat(closeOf(http, base + TunnelProtocol.GATEWAY_PATH + "?tunnel=AAAAAAAAAAAAAAAAAAAA&client=x"
                + "&signature=AAAA", null)).isEqualTo(refused);
        // the token sent in the URL was used up: the right form with it is refused too
        assertThat(closeOf(http, base + TunnelProtocol.CLIENT_PATH, TunnelProtocol.BEARER + token))
                .isEqualTo("1008 unknown, used or expired relay token");
    }

    /** Connects a WebSocket and returns how the server closed it ("CODE reason"). */
    private static String closeOf(java.net.http.HttpClient http, String uri, String authorization) throws Exception {
        java.util.concurrent.CompletableFuture<String> closed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket.Builder builder = http.newWebSocketBuilder();
        if (authorization != null) {
            builder.header(TunnelProtocol.AUTHORIZATION, authorization);
        }
        builder.buildAsync(java.net.URI.create(uri), new java.net.http.WebSocket.Listener() {
            @Override
            public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int code, String reason) {
                closed.complete(code + " " + reason);
                return null;
            }

            @Override
            public void onError(java.net.http.WebSocket ws, Throwable error) {
                closed.complete("error " + error);
            }
        }).get(30, TimeUnit.SECONDS);
        return closed.get(30, TimeUnit.SECONDS);
    }

    @Test
    @Order(9)
    void tunnelingIsOffOnARecordUntilEnabledAndDisablingClosesRunningTunnels() throws Exception {
        String uid = ok("record-add", "-rt", "pamDatabase", "-t", "switched pg", "--folder", "Databases",
                "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"5432\"}", "databaseType=postgresql",
                "login=postgres").out().strip();
        Result off = run("pam", "tunnel", "start", uid);
        assertThat(off.exit()).isEqualTo(ErrorCode.FORBIDDEN.exitCode());
        assertThat(off.err()).contains("tunneling is not enabled on the record");

        assertThat(ok("pam", "tunnel", "edit", uid, "--enable-tunneling").out()).contains("tunneling enabled on " + uid);
        Process p = tunnelProcess(uid);
        int port = awaitPort(p);
        Result q = psql(port, "SELECT 'switched-on'");
        assertThat(q.exit()).as(q.err()).isZero();
        assertThat(q.out().strip()).isEqualTo("switched-on");

        ok("pam", "tunnel", "edit", uid, "--disable-tunneling");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the running tunnel is closed when tunneling is disabled")
                .isTrue();
        assertThat(run("pam", "tunnel", "start", uid).exit()).isEqualTo(ErrorCode.FORBIDDEN.exitCode());
        Result bad = run("pam", "tunnel", "edit", uid);
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("--enable-tunneling", "--disable-tunneling");
    }

    @Test
    @Order(10)
    void theGatewayRefusesARecordItsApplicationDoesNotHold() throws Exception {
        // linked to the configuration (so the server lets it through) but filed where the application cannot read it
        ok("mkdir", "-sf", "LinkedOnly");
        ok("secrets-manager", "share", "add", "--app", "tunnel app", "--secret", "LinkedOnly");
        String configUid = ok("pam", "config", "new", "--environment", "local", "--title", "Linked only",
                "--gateway", "gw-tunnel", "--shared-folder", "LinkedOnly", "--tunneling", "on").out().strip();
        ok("mkdir", "Private");
        String uid = ok("record-add", "-rt", "pamDatabase", "-t", "not the gateway's", "--folder", "Private",
                "--link", configUid, "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"5432\"}",
                "databaseType=postgresql").out().strip();
        ok("pam", "tunnel", "edit", uid, "--enable-tunneling");
        Result r = run("pam", "tunnel", "start", uid);
        assertThat(r.exit()).isNotZero();
        Matcher job = Pattern.compile("job-info (\\S+)'").matcher(r.err());
        assertThat(job.find()).as(r.err()).isTrue();
        JsonNode info = json("pam", "action", "job-info", job.group(1));
        assertThat(info.toString()).contains("cannot read record " + uid);
    }

    private static Result mysql(int port, String user, String password, String sql)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mysql", "-h", "127.0.0.1", "-P", Integer.toString(port),
                "-u", user, "--protocol=TCP", "--skip-ssl", "--connect-timeout=20", "-N", "-B", "-e", sql));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("MYSQL_PWD", password); // not on the command line, where ps would show it
        return exec(pb);
    }

    /**
     * The same resource through the gateway's direct path (the default when the gateway offers one) and through the
     * relay ({@code --relay-only}): both carry psql, {@code pam tunnel list} names each one's path, and the audit
     * event of each one's end counts the bytes it carried, the direct one's as the gateway reported them.
     */
    @Test
    @Order(11)
    void directAndRelayedTunnelsBothCarryPsqlAndAreListedAndAuditedWithTheirPath() throws Exception {
        int directPort = awaitPort(tunnelProcess(resourceUid));
        String direct = lastTunnelId;
        assertThat(lastListening).contains("(direct 127.0.0.1:");
        int relayPort = awaitPort(tunnelProcess(resourceUid, "--relay-only"));
        String relayed = lastTunnelId;
        assertThat(lastListening).endsWith("(relay)");
        String big = "SELECT length(string_agg(md5(g::text), '')) FROM generate_series(1, 4000) g";
        for (int port : new int[] {directPort, relayPort}) {
            Result r = psql(port, "SELECT repeat('d', 200000)");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out().strip()).hasSize(200_000);
            Result q = psql(port, big);
            assertThat(q.out().strip()).isEqualTo("128000");
        }
        java.util.Map<String, String> paths = new java.util.HashMap<>();
        for (JsonNode t : json("pam", "tunnel", "list")) {
            paths.put(t.path("tunnelId").asText(), t.path("path").asText());
        }
        assertThat(paths).containsEntry(direct, "direct").containsEntry(relayed, "relay");
        Result table = ok("pam", "tunnel", "list");
        assertThat(table.out()).contains("Path").contains("direct").contains("relay");

        ok("pam", "tunnel", "stop", direct);
        ok("pam", "tunnel", "stop", relayed);
        java.util.Map<String, JsonNode> closed = new java.util.HashMap<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end && closed.size() < 2) {
            for (JsonNode e : json("audit-report", "--event-type", "tunnel_closed")) {
                JsonNode d = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(e.path("detailsJson").asText("{}"));
                String id = d.path("tunnelId").asText();
                if (id.equals(direct) || id.equals(relayed)) {
                    closed.put(id, d);
                }
            }
            Thread.sleep(200);
        }
        assertThat(closed).containsKeys(direct, relayed);
        assertThat(closed.get(direct).path("path").asText()).isEqualTo("direct");
        assertThat(closed.get(relayed).path("path").asText()).isEqualTo("relay");
        for (JsonNode d : closed.values()) {
            assertThat(Long.parseLong(d.path("bytesDown").asText())).as("bytes down of %s", d)
                    .isGreaterThan(200_000);
            assertThat(Long.parseLong(d.path("bytesUp").asText())).as("bytes up of %s", d).isGreaterThan(200);
        }
    }

    private static Result exec(List<String> command) throws IOException, InterruptedException {
        return exec(new ProcessBuilder(command));
    }

    private static Result exec(ProcessBuilder pb) throws IOException, InterruptedException {
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return p.getErrorStream().readAllBytes();
                    } catch (IOException e) {
                        return new byte[0];
                    }
                });
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    private int startTunnel() throws Exception {
        return awaitPort(tunnelProcess(resourceUid));
    }

    private Process tunnelProcess(String uid, String... extra) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "pam", "tunnel", "start", uid, "--port", "0", "--config", config.toString()));
        command.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        tunnels.add(p);
        return p;
    }

    private int awaitPort(Process p) throws Exception {
        Path out = dir.resolve("tunnel-" + p.pid() + ".out");
        BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                lastTunnelId = m.group(1);
                lastListening = line;
                // blocking pipe reads: a platform thread, not a virtual one
                Thread.ofPlatform().daemon().start(() -> TunnelLab.copyRest(reader, out, seen.toString()));
                return Integer.parseInt(m.group(2));
            }
        }
        throw new AssertionError("the tunnel did not start: " + seen);
    }

    private static Result psql(int port, String sql) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
                "postgres", "-d", "postgres", "-w", "-X", "-A", "-t", "-c", sql);
        pb.environment().put("PGSSLMODE", "disable"); // plaintext inside the tunnel: only the tunnel protects it
        pb.environment().put("PGCONNECT_TIMEOUT", "20");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    private void startGateway(String gatewayConfig) throws IOException {
        gateway = TunnelLab.startGateway(dir, gatewayConfig);
    }

    private void awaitOnline() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            JsonNode list = json("pam", "gateway", "list");
            if (list.size() == 1 && list.get(0).path("online").asBoolean()) {
                return;
            }
            assertThat(gateway.isAlive()).as("the gateway process is running (see gw.out)").isTrue();
            Thread.sleep(250);
        }
        throw new AssertionError("the gateway did not come online: " + Files.readString(dir.resolve("gw.out")));
    }

    private Result run(String... args) {
        return ConfiguredCli.run(config, args);
    }

    private Result ok(String... args) {
        return ConfiguredCli.ok(config, args);
    }

    private JsonNode json(String... args) throws IOException {
        return ConfiguredCli.json(config, args);
    }
}
