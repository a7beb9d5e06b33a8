package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.cli.Main;
import io.castellan.gateway.GatewayMain;
import io.castellan.testkit.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tunnel laboratory with every part real: a server process, a gateway process ({@code castellan-gateway start})
 * serving the shared folder {@code Databases}, a PAM configuration that allows tunneling, a {@code pamDatabase}
 * record for the machine's PostgreSQL on 5432, {@code pam tunnel start} as processes of their own and the real
 * {@code psql}. Close it to stop every process it started.
 */
final class TunnelLab implements AutoCloseable {

    static final String FOLDER = "Databases";
    private static final Pattern LISTENING = Pattern.compile("tunnel (\\S+) listening on [^:\\s]+:([0-9]+)");

    final Path dir;
    final ServerProcess server;
    final Path adminConfig;
    final String resourceUid;
    private final Process gateway;
    private final List<Process> processes = new ArrayList<>();
    private final List<Long> backgroundPids = new ArrayList<>();

    /** A running tunnel process, its tunnel id and local port, and the file its later output goes to. */
    record Tunnel(Process process, String id, int port, Path outputFile) {
        /** What the tunnel process printed so far. */
        String output() throws IOException {
            return Files.exists(outputFile) ? Files.readString(outputFile) : "";
        }
    }

    private TunnelLab(Path dir, ServerProcess server, Path adminConfig, String resourceUid, Process gateway) {
        this.dir = dir;
        this.server = server;
        this.adminConfig = adminConfig;
        this.resourceUid = resourceUid;
        this.gateway = gateway;
    }

    /** Starts the server and the gateway, logs the administrator {@code admin} in and builds the configuration. */
    static TunnelLab start(Path dir, String admin) throws Exception {
        Path dataDir = dir.resolve("server/data");
        Path config = Files.createDirectories(dir.resolve("admin")).resolve("config.json");
        Path pw = Files.writeString(dir.resolve("admin.pw"), "tunnel lab master password 7Hq2\n");
        Result created = Cli.run("server", "init-admin", "--data-dir", dataDir.toString(), "--email", admin,
                "--password-file", pw.toString(), "--iterations", "100000");
        assertThat(created.exit()).as(created.err()).isZero();
        ServerProcess server = ServerProcess.builder(dataDir).listen("127.0.0.1", 0)
                .logFile(dir.resolve("server.log")).startTimeout(Duration.ofSeconds(120)).start();
        Process gateway = null;
        try {
            ConfiguredCli.ok(config, "login", admin, "--server", server.url(), "--password-file", pw.toString());
            ConfiguredCli.ok(config, "mkdir", "-sf", FOLDER);
            String resource = ConfiguredCli.ok(config, "record-add", "-rt", "pamDatabase", "-t", "pg", "--folder",
                    FOLDER, "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"5432\"}",
                    "databaseType=postgresql", "login=postgres",
                    "c.trafficEncryptionSeed=" + HexFormat.of().formatHex(new byte[16]) + "seed").out().strip();
            ConfiguredCli.ok(config, "secrets-manager", "app", "create", "tunnel app");
            ConfiguredCli.ok(config, "secrets-manager", "share", "add", "--app", "tunnel app", "--secret", FOLDER);
            String gatewayConfig = ConfiguredCli.ok(config, "pam", "gateway", "new", "-n", "gw-lab", "-a",
                    "tunnel app", "-c").out().strip();
            ConfiguredCli.ok(config, "pam", "config", "new", "--environment", "local", "--title", "Lab", "--gateway",
                    "gw-lab", "--shared-folder", FOLDER, "--tunneling", "on");
            ConfiguredCli.ok(config, "pam", "tunnel", "edit", resource, "--enable-tunneling");
            gateway = startGateway(dir, gatewayConfig);
            TunnelLab lab = new TunnelLab(dir, server, config, resource, gateway);
            lab.awaitGatewayOnline();
            return lab;
        } catch (Exception | AssertionError e) {
            stop(gateway);
            server.close();
            throw e;
        }
    }

    /**
     * Invites and registers a user (own config file, own master password) and logs them in.
     *
     * @return the user's config file
     */
    Path user(String email) throws IOException {
        String code = ConfiguredCli.ok(adminConfig, "enterprise-user", "add", email).out().strip();
        Path config = Files.createDirectories(dir.resolve(email)).resolve("config.json");
        Path pw = Files.writeString(dir.resolve(email + ".pw"), "the master password of " + email + " 4Rt!\n");
        ConfiguredCli.ok(config, "register", email, "--invite", code, "--server", server.url(), "--password-file",
                pw.toString(), "--iterations", "100000");
        ConfiguredCli.ok(config, "login", email, "--server", server.url(), "--password-file", pw.toString());
        return config;
    }

    /** Starts {@code pam tunnel start RECORD --port 0} as its own process with {@code config}; waits for its port. */
    Tunnel tunnel(Path config, String record) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "pam", "tunnel", "start", record, "--port", "0", "--config",
                config.toString()));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        processes.add(p);
        Path out = dir.resolve("tunnel-" + p.pid() + ".out");
        BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                String head = seen.toString();
                // blocking pipe reads: a platform thread, not a virtual one
                Thread.ofPlatform().daemon().start(() -> copyRest(reader, out, head));
                return new Tunnel(p, m.group(1), Integer.parseInt(m.group(2)), out);
            }
        }
        throw new AssertionError("the tunnel did not start: " + seen);
    }

    /** Remembers a process to stop on {@link #close()} (a background tunnel the CLI detached). */
    void adopt(long pid) {
        backgroundPids.add(pid);
    }

    /** Runs {@code psql -c SQL} against a local tunnel port (TLS off: only the tunnel protects it). */
    static Result psql(int port, String sql) throws IOException, InterruptedException {
        Process p = psqlProcess(port, sql);
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    /** Starts {@code psql -c SQL} without waiting (a session that stays open while something else happens). */
    static Process psqlProcess(int port, String sql) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
                "postgres", "-d", "postgres", "-w", "-X", "-A", "-t", "-c", sql);
        pb.environment().put("PGSSLMODE", "disable");
        pb.environment().put("PGCONNECT_TIMEOUT", "20");
        return pb.start();
    }

    JsonNode adminJson(String... args) throws IOException {
        return ConfiguredCli.json(adminConfig, args);
    }

    Result admin(String... args) {
        return ConfiguredCli.ok(adminConfig, args);
    }

    /**
     * A gateway process from GATEWAY_CONFIG, its output appended to DIR/gw.out and its log in DIR/gw-logs, taking
     * direct tunnel connections on a free loopback port (so tunnels run on the direct path unless told otherwise).
     */
    static Process startGateway(Path dir, String gatewayConfig) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Duser.home=" + dir.resolve("gw-home"), "-cp",
                System.getProperty("java.class.path"), GatewayMain.class.getName(), "start", "--log-dir",
                dir.resolve("gw-logs").toString(), "--debug", "--tunnel-listen", "127.0.0.1:0"));
        pb.environment().put("GATEWAY_CONFIG", gatewayConfig);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("gw.out").toFile()));
        return pb.start();
    }

    private void awaitGatewayOnline() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            JsonNode list = adminJson("pam", "gateway", "list");
            if (list.size() == 1 && list.get(0).path("online").asBoolean()) {
                return;
            }
            assertThat(gateway.isAlive()).as("the gateway process is running (see gw.out)").isTrue();
            Thread.sleep(250);
        }
        throw new AssertionError("the gateway did not come online: " + Files.readString(dir.resolve("gw.out")));
    }

    /** Writes {@code head} and then every further line of {@code reader} to {@code out}, until it ends. */
    static void copyRest(BufferedReader reader, Path out, String head) {
        try {
            Files.writeString(out, head);
            String line;
            while ((line = reader.readLine()) != null) {
                Files.writeString(out, line + "\n", StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    static void stop(Process p) {
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        processes.forEach(TunnelLab::stop);
        backgroundPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
        stop(gateway);
        server.close();
    }
}
