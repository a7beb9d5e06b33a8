package io.castellan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.client.VaultClient;
import io.castellan.client.tunnel.LocalTunnel;
import io.castellan.client.vault.Vault;
import io.castellan.model.json.Json;
import io.castellan.model.tunnel.TunnelTarget;
import io.castellan.server.CastellanServer;
import io.castellan.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run tunnel}: one run, three paths to the same loopback target ({@link TunnelTargetServer}): direct TCP,
 * {@code ssh -L} through the local OpenSSH with aes256-gcm@openssh.com ({@link SshForward}), and a Castellan tunnel
 * (the server in this JVM on SQLite, a real gateway as a child process taking direct connections on loopback, the
 * CLI's tunnel end {@link LocalTunnel} in this JVM) twice: on the gateway's direct path, and through the relay.
 * Per path: bulk throughput one way, ping-pong latency p50/p99 of small messages. Then N concurrent
 * connections held open through one tunnel and one gateway: errors, the gateway's heap after GC (jcmd) and RSS.
 */
public final class TunnelBench {

    private static final String ADMIN = "admin@tunnel.bench";
    private static final long TARGET_GATEWAY_HEAP = 512L * 1024 * 1024;
    private static final String USAGE = "usage: bench/run tunnel [--mib 1024] [--trips 2000] [--size 64]"
            + " [--connections 1000] [--relay on|off] [--rounds 3]\n";

    static {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
    }

    private TunnelBench() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("crypto provider: " + io.castellan.crypto.CryptoProviders.install());
        long mib = 1024;
        int trips = 2000;
        int size = 64;
        int connections = 1000;
        boolean relay = true;
        int rounds = 3;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--mib" -> mib = Long.parseLong(args[++i]);
                    case "--trips" -> trips = Integer.parseInt(args[++i]);
                    case "--size" -> size = Integer.parseInt(args[++i]);
                    case "--connections" -> connections = Integer.parseInt(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--relay" -> relay = switch (args[++i]) {
                        case "on" -> true;
                        case "off" -> false;
                        default -> throw new IllegalArgumentException("--relay takes on or off");
                    };
                    case "--help", "-h" -> {
                        System.out.print(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException(args[i]);
                }
            }
            if (mib < 1 || trips < 10 || size < 1 || size > 16384 || connections < 1 || connections > 1000
                    || rounds < 1 || rounds > 20) {
                throw new IllegalArgumentException("out of range (connections at most 1000: one tunnel carries"
                        + " 1024 streams)");
            }
        } catch (RuntimeException e) {
            System.err.print("bench: bad arguments (" + e.getMessage() + ")\n" + USAGE);
            System.exit(2);
        }
        String loadBefore = Bench.loadAverage();
        System.out.printf("Castellan tunnel benchmark: %d CPU(s), Java %s, %d MiB bulk, %d round trips of %d B,"
                + " %d connections, %d rounds, load %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), mib, trips, size, connections, rounds, loadBefore);
        Path dir = Files.createTempDirectory("castellan-tunnel-bench-");
        Report report = new Report();
        long bytes = mib * 1024 * 1024;
        try (TunnelTargetServer target = new TunnelTargetServer();
             SshForward forward = SshForward.start(dir, target.port())) {
            BulkCpu.Part[] sshParts = forward.processes();
            CastellanServer server = startServer(dir);
            try {
                BenchCli cli = new BenchCli(Files.createDirectories(dir.resolve("cli")).resolve("config.json"));
                cli.ok("login", ADMIN, "--server", server.url(), "--password-file", dir.resolve("admin.pw").toString());
                String[] setup = setUp(cli, target.port());
                try (GatewayChild gateway = GatewayChild.start(setup[1], 16, dir.resolve("gw"))) {
                    awaitOnline(cli, gateway);
                    VaultClient client = RotationSetup.client(server, cli);
                    byte[] seed;
                    try (Vault vault = client.sync()) {
                        seed = TunnelTarget.seed(vault.record(setup[0]).orElseThrow().data());
                    }
                    BulkCpu.Part gatewayCpu = new BulkCpu.Part("gateway", () -> List.of(gateway.pid()));
                    // every path stays open through the rounds, which take them in turn
                    try (LocalTunnel tunnel = LocalTunnel.start(client.tunnels(), setup[0], seed, "127.0.0.1", 0,
                            true, note -> System.out.println("tunnel: " + note));
                         LocalTunnel relayed = !relay ? null : LocalTunnel.start(client.tunnels(), setup[0], seed,
                                 "127.0.0.1", 0, false, note -> System.out.println("tunnel: " + note))) {
                        if (!tunnel.path().startsWith("direct")) {
                            throw new IllegalStateException("the tunnel did not take the gateway's direct path");
                        }
                        List<TunnelRounds.Route> routes = new java.util.ArrayList<>(List.of(
                                new TunnelRounds.Route("direct", target.port(), List.of(benchJvm("target"))),
                                new TunnelRounds.Route("ssh -L", forward.port(), List.of(benchJvm("target"),
                                        sshParts[0], sshParts[1])),
                                new TunnelRounds.Route("castellan direct", tunnel.port(),
                                        List.of(benchJvm("target, CLI end"), gatewayCpu))));
                        if (relayed != null) {
                            routes.add(new TunnelRounds.Route("castellan relay", relayed.port(),
                                    List.of(benchJvm("target, CLI end, relay"), gatewayCpu)));
                        }
                        List<TunnelRounds.PathFigures> f = TunnelRounds.measure(routes, bytes, trips, size, rounds);
                        rows(report, f.get(0), f.get(1), f.get(2), relayed == null ? null : f.get(3));
                    }
                    concurrent(report, client, setup[0], seed, gateway, connections);
                }
            } finally {
                server.stop();
            }
        }
        report.note("One machine, loaded (load average at start " + loadBefore + ", at end " + Bench.loadAverage()
                + "): the target, ssh/sshd, the server, the gateway and the CLI end share its CPUs. Bulk: " + mib
                + " MiB one way until the target confirmed the count, after a warm-up in 32 MiB slices until the JIT"
                + " compilers took at most 10 % of the path's CPU in a slice (at most 90 s), then 5,000 round trips"
                + " not kept. Latency: " + trips
                + " round trips of " + size + " B on one connection after " + Math.max(100, trips / 10)
                + " warm-up trips. " + rounds + " rounds, each taking every path in turn (the order rotating): bulk"
                + " is the median round's, p50/p99 over the round trips of all rounds, CPU the rounds' mean."
                + " Castellan direct: CLI end ⇄ TCP (the gateway's direct port) ⇄ gateway ⇄ target,"
                + " AES-256-GCM end to end; Castellan relay (--relay-only, the fallback): CLI end ⇄ WebSocket (TLS) ⇄"
                + " server relay ⇄ WebSocket (TLS) ⇄ gateway ⇄ target, the same frames inside TLS on both hops;"
                + " ratios are the direct path's; ssh -L: " + SshForward.CIPHER
                + ". Per MiB of bulk: CPU time (utime + stime; of it, the JVM's JIT compiler and GC threads) and"
                + " context switches (voluntary + involuntary, all threads) of each process during the timed"
                + " transfer; the bench JVM's share includes the target's reads on every path.");
        report.print(System.out);
        System.exit(0);
    }

    private static BulkCpu.Part benchJvm(String what) {
        return new BulkCpu.Part("bench JVM (" + what + ")", () -> List.of(ProcessHandle.current().pid()));
    }

    private static void rows(Report report, TunnelRounds.PathFigures direct, TunnelRounds.PathFigures ssh,
                             TunnelRounds.PathFigures tunnel, TunnelRounds.PathFigures relayed) {
        for (TunnelRounds.PathFigures f : relayed == null ? List.of(direct, ssh, tunnel)
                : List.of(direct, ssh, tunnel, relayed)) {
            report.add(f.name(), "bulk throughput", String.format(Locale.ROOT, "%.1f MiB/s", f.bulk().mibPerSecond()));
            report.add(f.name(), "round trip p50 / p99", Stats.fmtMs(f.p50Ms()) + " / " + Stats.fmtMs(f.p99Ms()));
            for (BulkCpu.PerMib p : f.cpu()) {
                report.add(f.name(), "bulk, per MiB: " + p.name(), String.format(Locale.ROOT,
                        "%.2f ms CPU (JIT %.2f, GC %.2f), %.0f + %.0f switches", p.cpuMs(), p.jitMs(), p.gcMs(),
                        p.voluntarySwitches(), p.involuntarySwitches()));
            }
        }
        double vsDirect = tunnel.bulk().mibPerSecond() / direct.bulk().mibPerSecond();
        double vsSsh = tunnel.bulk().mibPerSecond() / ssh.bulk().mibPerSecond();
        report.add("ratios", "throughput tunnel/direct", String.format(Locale.ROOT, "%.2f", vsDirect));
        report.add("ratios", "throughput tunnel/ssh", String.format(Locale.ROOT, "%.2f", vsSsh), ">= 1.00",
                String.format(Locale.ROOT, "%.1f MiB/s", ssh.bulk().mibPerSecond()), Stats.fmtRatio(1 / vsSsh),
                vsSsh >= 1.0 ? "PASS" : "FAIL");
        double addedTunnel = tunnel.p50Ms() - direct.p50Ms();
        double addedSsh = ssh.p50Ms() - direct.p50Ms();
        report.add("ratios", "round trip p50 tunnel/direct", String.format(Locale.ROOT, "%.2f",
                tunnel.p50Ms() / direct.p50Ms()));
        report.add("ratios", "round trip p50 tunnel/ssh", String.format(Locale.ROOT, "%.2f",
                tunnel.p50Ms() / ssh.p50Ms()));
        report.add("ratios", "added p50 over direct (tunnel vs ssh)", Stats.fmtMs(addedTunnel), "<= ssh's",
                Stats.fmtMs(addedSsh), Stats.fmtRatio(addedTunnel / addedSsh),
                addedTunnel <= addedSsh ? "PASS" : "FAIL");
        StringBuilder throughputs = new StringBuilder();
        StringBuilder added = new StringBuilder();
        for (int r = 0; r < tunnel.roundMibPerSecond().length; r++) {
            String sep = r == 0 ? "" : ", ";
            throughputs.append(sep).append(String.format(Locale.ROOT, "%.2f",
                    tunnel.roundMibPerSecond()[r] / ssh.roundMibPerSecond()[r]));
            added.append(sep).append(String.format(Locale.ROOT, "%.2f", (tunnel.roundP50Ms()[r]
                    - direct.roundP50Ms()[r]) / (ssh.roundP50Ms()[r] - direct.roundP50Ms()[r])));
        }
        report.add("ratios", "by round: throughput tunnel/ssh", throughputs.toString());
        report.add("ratios", "by round: added p50 tunnel/ssh", added.toString());
        if (relayed != null) {
            report.add("ratios", "relay fallback: throughput relay/ssh", String.format(Locale.ROOT, "%.2f",
                    relayed.bulk().mibPerSecond() / ssh.bulk().mibPerSecond()));
            report.add("ratios", "relay fallback: added p50 over direct",
                    Stats.fmtMs(relayed.p50Ms() - direct.p50Ms()));
        }
    }

    private static void concurrent(Report report, VaultClient client, String uid, byte[] seed, GatewayChild gateway,
                                   int n) throws Exception {
        ChildHeap heap = new ChildHeap(gateway.pid());
        long idle = heap.usedAfterGc();
        try (LocalTunnel tunnel = LocalTunnel.start(client.tunnels(), uid, seed, "127.0.0.1", 0,
                note -> System.out.println("tunnel: " + note))) {
            long t0 = System.nanoTime();
            try (TunnelLoad.Held held = TunnelLoad.hold(tunnel.port(), n, 100)) {
                long opened = System.nanoTime() - t0;
                TunnelLoad.pingAll(held);
                long used = heap.usedAfterGc();
                long rss = gateway.rss();
                System.out.printf("%d connections open in %s, %d errors%s; gateway heap after GC %s (idle %s), RSS"
                        + " %s%n", n, Stats.fmtS(Stats.seconds(opened)), held.errors.get(),
                        held.firstError == null ? "" : " (first: " + held.firstError + ")", Stats.fmtMb(used),
                        Stats.fmtMb(idle), Stats.fmtMb(rss));
                report.add("concurrency", n + " connections through one gateway: errors",
                        Integer.toString(held.errors.get()), "0", "-", "-", held.errors.get() == 0 ? "PASS" : "FAIL");
                report.add("concurrency", "open " + n + " connections (batches of 100)",
                        Stats.fmtS(Stats.seconds(opened)));
                report.add("concurrency", "gateway heap after GC, all open (idle)", Stats.fmtMb(used) + " ("
                        + Stats.fmtMb(idle) + ")", "<= " + Stats.fmtMb(TARGET_GATEWAY_HEAP), "-", "-",
                        used <= TARGET_GATEWAY_HEAP ? "PASS" : "FAIL");
                report.add("concurrency", "gateway RSS, all open / peak", Stats.fmtMb(rss) + " / "
                        + Stats.fmtMb(gateway.peakRss()));
            }
        }
    }

    /** The resource, application, gateway and configuration; returns the record UID and the gateway config. */
    private static String[] setUp(BenchCli cli, int targetPort) {
        cli.ok("mkdir", "-sf", "Bench");
        String uid = cli.ok("record-add", "-rt", "pamMachine", "-t", "bench target", "--folder", "Bench",
                "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"" + targetPort + "\"}",
                "c.trafficEncryptionSeed=" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16)));
        cli.ok("secrets-manager", "app", "create", "tunnel bench");
        cli.ok("secrets-manager", "share", "add", "--app", "tunnel bench", "--secret", "Bench");
        String gatewayConfig = cli.ok("pam", "gateway", "new", "-n", "gw-bench", "-a", "tunnel bench", "-c");
        cli.ok("pam", "config", "new", "--environment", "local", "--title", "Bench", "--gateway", "gw-bench",
                "--shared-folder", "Bench", "--tunneling", "on");
        cli.ok("pam", "tunnel", "edit", uid, "--enable-tunneling");
        return new String[] {uid, gatewayConfig};
    }

    private static void awaitOnline(BenchCli cli, GatewayChild gateway) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode list = Json.newMapper().readTree(cli.ok("pam", "gateway", "list", "--format", "json"));
            if (list.size() == 1 && list.get(0).path("online").asBoolean()) {
                return;
            }
            if (!gateway.alive()) {
                throw new IllegalStateException("the gateway process ended (see its gateway.out)");
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the gateway did not come online within 2 minutes");
    }

    private static CastellanServer startServer(Path dir) throws Exception {
        Path dataDir = dir.resolve("server");
        Path pw = RotationSetup.writeAdminPassword(dir, "tunnel bench admin password 8Kd2");
        BenchCli.plain("server", "init-admin", "--data-dir", dataDir.toString(), "--email", ADMIN,
                "--password-file", pw.toString(), "--iterations", "100000");
        CastellanServer server = new CastellanServer(ServerConfig.builder().dataDir(dataDir).listen("127.0.0.1:0")
                .build());
        server.start();
        return server;
    }
}
