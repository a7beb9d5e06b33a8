package io.castellan.cli.quickstart;

import io.castellan.cli.support.PasswordReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code castellan quickstart}: starts the server (child process, embedded SQLite), creates the administrator, builds
 * the Gateway wizard's sandbox, starts the gateway (child process) and a demo PostgreSQL target, rotates the demo
 * role's password once, opens a tunnel to it through the gateway (child process), prints what to try next, and runs
 * until Ctrl-C. A second run reuses everything.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Start a complete sandbox: server, administrator, shared folders, application, gateway, PAM"
                + " configuration, a demo PostgreSQL whose password is rotated and a tunnel to it; runs until Ctrl-C.")
public final class QuickstartCommand implements Callable<Integer> {

    static final String READY = "Castellan quickstart is ready.";
    private static final String SERVER_MAIN = "io.castellan.cli.Main";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where everything is kept (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("castellan-quickstart");

    @Option(names = "--no-demo-target", description = "Skip the embedded PostgreSQL demo target and its records.")
    boolean noDemoTarget;

    @Option(names = "--port", paramLabel = "PORT",
            description = "The server's HTTPS port on 127.0.0.1 (default: 8443; a later run reuses the first run's).")
    Integer port;

    @Option(names = "--demo-port", paramLabel = "PORT",
            description = "The demo PostgreSQL's port on 127.0.0.1 (default: 54329; reused like --port).")
    Integer demoPort;

    @Option(names = "--tunnel-port", paramLabel = "PORT",
            description = "The local port of the tunnel to the demo PostgreSQL (default: 54330; reused like --port).")
    Integer tunnelPort;

    @Option(names = "--email", paramLabel = "EMAIL", description = "The administrator's e-mail (default: ${DEFAULT-VALUE}).")
    String email = "admin@castellan.local";

    @Option(names = "--config", paramLabel = "FILE",
            description = "The CLI config the quickstart logs in to (default: ~/.castellan/config.json).")
    Path config;

    private PrintWriter out;
    private int stepNumber;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Path dir = SecretFiles.createDirectories(dataDir.toAbsolutePath().normalize());
        QuickstartState state = QuickstartState.load(dir);
        int serverPort = remembered(state, "serverPort", port, 8443);
        InProcessCli cli = new InProcessCli(config != null ? config
                : Path.of(System.getProperty("user.home"), ".castellan", "config.json"));
        Sandbox sandbox = new Sandbox(out);
        Thread hook = Thread.ofPlatform().name("castellan-quickstart-stop").unstarted(sandbox::stop);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            build(dir, state, serverPort, cli, sandbox);
        } catch (Exception | Error e) {
            sandbox.stop();
            throw e;
        }
        int exit = sandbox.server().waitFor();
        if (sandbox.stopping()) {
            return 0;
        }
        out.println("The server exited (code " + exit + "); see " + sandbox.server().log());
        sandbox.stop();
        return 1;
    }

    private void build(Path dir, QuickstartState state, int serverPort, InProcessCli cli, Sandbox sandbox)
            throws Exception {
        Path serverDir = dir.resolve("server");
        char[] password = null;
        try {
            step("Administrator");
            String admin = state.get("admin");
            boolean generated = false;
            if (admin == null) {
                String fromEnv = System.getenv(PasswordReader.ENV);
                generated = fromEnv == null || fromEnv.isEmpty();
                password = (generated ? Passwords.masterPassword() : fromEnv).toCharArray();
                withPasswordFile(dir, password, file -> cli.ok("server", "init-admin", "--data-dir",
                        serverDir.toString(), "--email", email, "--password-file", file.toString()));
                state.put("admin", email);
                admin = email;
                detail("created " + admin + " (master password " + (generated ? "generated below" : "from "
                        + PasswordReader.ENV) + ")");
            } else {
                detail("reusing " + admin);
            }

            step("Server on https://127.0.0.1:" + serverPort + " (embedded SQLite in " + serverDir + ")");
            ChildJvm server = ChildJvm.start("server", System.getProperty("java.class.path"),
                    List.of("--enable-native-access=ALL-UNNAMED"), SERVER_MAIN,
                    List.of("server", "start", "--data-dir", serverDir.toString(), "--listen",
                            "127.0.0.1:" + serverPort), Map.of(), dir.resolve("logs/server.log"));
            sandbox.server(server);
            server.await(() -> server.output().contains("Castellan server started"), START_TIMEOUT, "start");
            String url = "https://127.0.0.1:" + serverPort;
            detail("pid " + server.pid() + ", log " + server.log());

            step("Logging in as " + admin);
            password = login(dir, cli, admin, url, password);

            step("Shared folders Resources and Users, application '" + SandboxRecords.APP + "'");
            SandboxRecords records = new SandboxRecords(cli, state);
            records.folders();
            records.application();

            step("Gateway '" + SandboxRecords.GATEWAY + "' and PAM configuration");
            Path gatewayDir = SecretFiles.createDirectories(dir.resolve("gateway"));
            String gatewayConfig = records.gatewayConfig(gatewayDir.resolve("gateway.config"));
            records.configuration();
            ChildJvm gateway = ChildJvm.start("gateway", GatewayClasspath.resolve(),
                    List.of("-Duser.home=" + gatewayDir.resolve("home")), GatewayClasspath.MAIN,
                    // everything runs on this machine: tunnels take the gateway's direct path on loopback
                    List.of("start", "--log-dir", gatewayDir.resolve("logs").toString(), "--tunnel-listen",
                            "127.0.0.1:0"),
                    Map.of("GATEWAY_CONFIG", gatewayConfig), dir.resolve("logs/gateway.out"));
            sandbox.gateway(gateway);
            gateway.await(records::gatewayOnline, START_TIMEOUT, "come online");
            detail("online, pid " + gateway.pid() + ", logs in " + gatewayDir.resolve("logs"));

            String rotation = null;
            int pgPort = -1;
            int localTunnel = -1;
            if (!noDemoTarget) {
                step("Demo PostgreSQL (scram-sha-256) with role '" + DemoPostgres.DEMO_ROLE + "'");
                pgPort = remembered(state, "demoPort", demoPort, 54329);
                DemoPostgres demo = demoPostgres(dir, pgPort);
                sandbox.demo(demo);
                records.demoTarget(pgPort, superPassword(dir), demo.initialDemoPassword());
                detail("listening on 127.0.0.1:" + pgPort + ", data in " + dir.resolve("demo-postgres/data"));

                step("Rotating the demo role's password through the gateway");
                rotation = records.rotateOnce();
                detail(rotation == null ? "already rotated by an earlier run" : "done");

                localTunnel = openTunnel(dir, state, cli, records, sandbox);
            }
            if (generated) {
                out.println();
                out.println("Administrator " + admin + ", master password (shown once; keep it, a later run asks"
                        + " for it): " + new String(password));
            }
            new NextSteps(out, cli.config(), config != null, state, dir, pgPort, localTunnel).print();
            out.println(READY + " Press Ctrl-C to stop everything.");
            out.flush();
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /**
     * Opens the tunnel to the demo PostgreSQL ({@code pam tunnel start}, child process). Not fatal: when it does not
     * open (the port is taken, tunnels are not allowed for the record), the sandbox runs without it and says why.
     *
     * @return the tunnel's local port, or -1 when it did not open
     */
    private int openTunnel(Path dir, QuickstartState state, InProcessCli cli, SandboxRecords records, Sandbox sandbox)
            throws InterruptedException, IOException {
        int local = remembered(state, "tunnelPort", tunnelPort, 54330);
        step("Tunnel 127.0.0.1:" + local + " -> the demo PostgreSQL, through the gateway");
        records.allowTunnels();
        ChildJvm tunnel = ChildJvm.start("tunnel", System.getProperty("java.class.path"),
                List.of("--enable-native-access=ALL-UNNAMED"), SERVER_MAIN,
                List.of("pam", "tunnel", "start", state.get("databaseUid"), "--port", "" + local,
                        "--config", cli.config().toString()), Map.of(), dir.resolve("logs/tunnel.out"));
        sandbox.tunnel(tunnel);
        try {
            tunnel.await(() -> tunnel.output().contains("listening on"), START_TIMEOUT, "open the tunnel");
        } catch (QuickstartException e) {
            tunnel.stop();
            String why = tunnel.output().lines().filter(l -> l.startsWith("castellan:")).reduce((a, b) -> b)
                    .orElse(e.getMessage());
            detail("not opened (" + why.strip() + "); the sandbox runs without it, see " + tunnel.log());
            return -1;
        }
        detail("pid " + tunnel.pid() + ", log " + tunnel.log());
        return local;
    }

    /** Logs in with the password from this run, else the saved session, else {@code CASTELLAN_PASSWORD} or a prompt. */
    private char[] login(Path dir, InProcessCli cli, String admin, String url, char[] known) throws IOException {
        char[] password = known;
        if (password == null) {
            if (cli.run("whoami").ok()) {
                detail("the saved session is still valid");
                return null;
            }
            password = PasswordReader.system().read(null, "Master password for " + admin + ": ", false);
        }
        char[] chosen = password;
        withPasswordFile(dir, chosen, file -> cli.ok("login", admin, "--server", url, "--password-file",
                file.toString()));
        return password;
    }

    private DemoPostgres demoPostgres(Path dir, int pgPort) throws IOException, SQLException {
        Path home = SecretFiles.createDirectories(dir.resolve("demo-postgres"));
        return DemoPostgres.start(home, pgPort, superPassword(dir), Passwords.generate(24));
    }

    /** The demo cluster's superuser password: the pamDatabase record's login, kept 0600 for the cluster's restarts. */
    private static String superPassword(Path dir) throws IOException {
        Path file = SecretFiles.createDirectories(dir.resolve("demo-postgres")).resolve("superuser.password");
        if (!Files.exists(file)) {
            SecretFiles.write(file, Passwords.generate(24) + "\n");
        }
        return Files.readString(file).strip();
    }

    private interface FileStep {
        void run(Path file) throws IOException;
    }

    /** The CLI reads passwords from a file (never argv); this one is 0600 and deleted as soon as the step ends. */
    private static void withPasswordFile(Path dir, char[] password, FileStep step) throws IOException {
        Path file = SecretFiles.write(dir.resolve(".password." + ProcessHandle.current().pid()), new String(password));
        try {
            step.run(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static int remembered(QuickstartState state, String key, Integer given, int fallback) {
        int value = given != null ? given : state.port(key, fallback);
        if (value < 1 || value > 65535) {
            throw new QuickstartException("--" + switch (key) {
                case "serverPort" -> "port";
                case "tunnelPort" -> "tunnel-port";
                default -> "demo-port";
            } + " " + value
                    + " is not a TCP port (1-65535)");
        }
        state.put(key, value);
        return value;
    }

    private void step(String what) {
        stepNumber++;
        out.println("[" + stepNumber + "] " + what + " ...");
        out.flush();
    }

    private void detail(String what) {
        out.println("    " + what);
        out.flush();
    }
}
