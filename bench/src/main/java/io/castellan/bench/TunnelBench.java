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
            + " [--connections 1000] [--relay on|off]\n";

    static {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
    }

    /** One path's figures. */
    private record PathFigures(String name, TunnelLoad.Bulk bulk, long[] rtt, List<BulkCpu.PerMib> cpu) {
        double p50Ms() {
            return Stats.ms(Stats.percentile(rtt, 50));
        }

        double p99Ms() {
            return Stats.ms(Stats.percentile(rtt, 99));
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
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--mib" -> mib = Long.parseLong(args[++i]);
                    case "--trips" -> trips = Integer.parseInt(args[++i]);
                    case "--size" -> size = Integer.parseInt(args[++i]);
                    case "--connections" -> connections = Integer.parseInt(args[++i]);
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
            if (mib < 1 || trips < 10 || size < 1 || size > 16384 || connections < 1 || connections > 1000) {
                throw new IllegalArgumentException("out of range (connections at most 1000: one tunnel carries"
                        + " 1024 streams)");
            }
        } catch (RuntimeException e) {
            System.err.print("bench: bad arguments (" + e.getMessage() + ")\n" + USAGE);
            System.exit(2);
        }
        String loadBefore = Bench.loadAverage();
        System.out.printf("Castellan tunnel benchmark: %d CPU(s), Java %s, %d MiB bulk, %d round trips of %d B,"
                + " %d connections, load %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version(), mib,
                trips, size, connections, loadBefore);
        Path dir = Files.createTempDirectory("castellan-tunnel-bench-");
        Report report = new Report();
        long bytes = mib * 1024 * 1024;
        try (TunnelTargetServer target = new TunnelTargetServer()) {
            PathFigures direct = measure("direct", target.port(), bytes, trips, size, List.of(benchJvm("target")));
            PathFigures ssh;
            try (SshForward forward = SshForward.start(dir, target.port())) {
                BulkCpu.Part[] sshParts = forward.processes();
                ssh = measure("ssh -L", forward.port(), bytes, trips, size, List.of(benchJvm("target"), sshParts[0],
                        sshParts[1]));
            }
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
                    PathFigures castellan;
                    try (LocalTunnel tunnel = LocalTunnel.start(client.tunnels(), setup[0], seed, "127.0.0.1", 0,
                            true, note -> System.out.println("tunnel: " + note))) {
                        if (!tunnel.path().startsWith("direct")) {
                            throw new IllegalStateException("the tunnel did not take the gateway's direct path");
                        }
                        castellan = measure("castellan direct", tunnel.port(), bytes, trips, size,
                                List.of(benchJvm("target, CLI end"),
                                        new BulkCpu.Part("gateway", () -> List.of(gateway.pid()))));
                    }
                    PathFigures relayed = null;
                    if (relay) {
                        try (LocalTunnel tunnel = LocalTunnel.start(client.tunnels(), setup[0], seed, "127.0.0.1", 0,
                                false, note -> System.out.println("tunnel: " + note))) {
                            relayed = measure("castellan relay", tunnel.port(), bytes, trips, size,
                                    List.of(benchJvm("target, CLI end, relay"),
                                            new BulkCpu.Part("gateway", () -> List.of(gateway.pid()))));
                        }
                    }
                    rows(report, direct, ssh, castellan, relayed);
                    concurrent(report, client, setup[0], seed, gateway, connections);
                }
            } finally {
                server.stop();
            }
        }
        report.note("One machine, loaded (load average at start " + loadBefore + ", at end " + Bench.loadAverage()
                + "): the target, ssh/sshd, the server, the gateway and the CLI end share its CPUs. Bulk: " + mib
                + " MiB one way until the target confirmed the count, after a warm-up in 32 MiB slices until the JIT"
                + " compilers took at most 10 % of the path's CPU in a slice (at most 90 s). Latency: " + trips
                + " round trips of " + size + " B on one connection after " + Math.max(100, trips / 10)
                + " warm-up trips. Castellan direct: CLI end ⇄ TCP (the gateway's direct port) ⇄ gateway ⇄ target,"
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

    private static PathFigures measure(String name, int port, long bytes, int trips, int size,
            List<BulkCpu.Part> processes) throws Exception {
        warmUp(name, port, processes);
        BulkCpu cpu = new BulkCpu(processes);
        cpu.start();
        TunnelLoad.Bulk bulk = TunnelLoad.bulk(port, bytes);
        List<BulkCpu.PerMib> perMib = cpu.stop(bytes);
        long[] rtt = TunnelLoad.pingPong(port, trips, Math.max(100, trips / 10), size);
        PathFigures f = new PathFigures(name, bulk, rtt, perMib);
        System.out.printf(Locale.ROOT, "%-17s %8.1f MiB/s   round trip p50 %s p99 %s; per MiB of bulk: %s%n", name,
                bulk.mibPerSecond(), Stats.fmtMs(f.p50Ms()), Stats.fmtMs(f.p99Ms()), perMib);
        return f;
    }

    /** Bytes per warm-up slice. */
    private static final long WARM_UP_SLICE = 32L * 1024 * 1024;
    /** Warm-up goes on while the JIT compiler threads took more than this share of the path's CPU in a slice. */
    private static final double WARM_UP_JIT_SHARE = 0.10;
    /** ... but not past this. */
    private static final Duration WARM_UP_MAX = Duration.ofSeconds(90);

    /**
     * Warms a path up (JIT, windows, TCP buffers) in slices of {@link #WARM_UP_SLICE} bytes until the JIT compiler
     * threads took no more than {@link #WARM_UP_JIT_SHARE} of the CPU of the path's processes in the last slice (at
     * most {@link #WARM_UP_MAX}): the figures are then the steady state of a tunnel that has been running, as a user's
     * long transfer sees it, and not the compilation of a fresh gateway and relay (a third of a 256 MiB run).
     */
    private static void warmUp(String name, int port, List<BulkCpu.Part> processes) throws Exception {
        long start = System.nanoTime();
        for (int slice = 1; ; slice++) {
            BulkCpu cpu = new BulkCpu(processes);
            cpu.start();
            TunnelLoad.Bulk bulk = TunnelLoad.bulk(port, WARM_UP_SLICE);
            List<BulkCpu.PerMib> perMib = cpu.stop(WARM_UP_SLICE);
            double cpuMs = perMib.stream().mapToDouble(BulkCpu.PerMib::cpuMs).sum();
            double jitShare = cpuMs > 0 ? perMib.stream().mapToDouble(BulkCpu.PerMib::jitMs).sum() / cpuMs : 0;
            boolean done = jitShare <= WARM_UP_JIT_SHARE
                    || System.nanoTime() - start > WARM_UP_MAX.toNanos();
            System.out.printf(Locale.ROOT, "%-17s warm-up %d: %.1f MiB/s, JIT %.0f %% of the path's CPU%s%n",
                    name, slice, bulk.mibPerSecond(), 100 * jitShare, done ? "" : ", going on");
            if (done) {
                return;
            }
        }
    }

    private static void rows(Report report, PathFigures direct, PathFigures ssh, PathFigures tunnel,
            PathFigures relayed) {
        for (PathFigures f : relayed == null ? new PathFigures[] {direct, ssh, tunnel}
                : new PathFigures[] {direct, ssh, tunnel, relayed}) {
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
