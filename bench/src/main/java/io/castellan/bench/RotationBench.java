package io.castellan.bench;

import io.castellan.client.VaultClient;
import io.castellan.client.vault.Vault;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.gateway.JobState;
import io.castellan.server.CastellanServer;
import io.castellan.server.ServerConfig;
import io.castellan.server.router.JobService;
import io.castellan.store.StoredJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench/run rotation}: N PostgreSQL roles on the scram-sha-256 cluster (5433), N pamUser records in one shared
 * folder with one pamDatabase resource, one real gateway as a child process; all N rotations requested through the
 * user API ({@code rotate}, as {@code pam action rotate} does) and awaited. Reported per gateway job concurrency
 * ({@code --max-jobs}): total time, rotations per second (target ≥ 10/s), p50/p99 job latency (request to terminal
 * state), peak gateway RSS (target ≤ 512 MB, {@code VmHWM}). Peer: the same number of {@code ALTER ROLE … PASSWORD}
 * over one JDBC connection. The server runs in this JVM on SQLite.
 */
public final class RotationBench {

    static final double TARGET_RATE = 10;
    static final long TARGET_RSS = 512L * 1024 * 1024;
    private static final String ADMIN = "admin@rotation.bench";
    private static final String USAGE = "usage: bench/run rotation [--roles N] [--max-jobs 4,16] [--window W]"
            + " [--gateway-requests-per-minute R]\n";

    static {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
    }

    /** One run's figures. */
    private record Run(int maxJobs, int window, long nanos, long[] latencies, Map<JobState, Integer> states,
                       String firstFailure, long peakRss, int offlineRetries, Cpu cpu) {
    }

    /** CPU nanoseconds a run used: this JVM (server and the benchmark's API clients), the gateway, PostgreSQL. */
    private record Cpu(long serverJvm, long gateway, long postgres) {
        long total() {
            return serverJvm + gateway + postgres;
        }
    }

    private RotationBench() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("crypto provider: " + io.castellan.crypto.CryptoProviders.install());
        int n = 1000;
        List<Integer> maxJobs = List.of(4, 16);
        int window = 0;
        int gatewayRpm = ServerConfig.DEFAULT_GATEWAY_REQUESTS_PER_MINUTE;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--roles" -> n = Integer.parseInt(args[++i]);
                    case "--max-jobs" -> maxJobs = Arrays.stream(args[++i].split(",")).map(String::trim)
                            .map(Integer::parseInt).toList();
                    case "--window" -> window = Integer.parseInt(args[++i]);
                    case "--gateway-requests-per-minute" -> gatewayRpm = Integer.parseInt(args[++i]);
                    case "--help", "-h" -> {
                        System.out.print(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException(args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.print("bench: bad arguments (" + e.getMessage() + ")\n" + USAGE);
            System.exit(2);
        }
        System.out.printf("Castellan rotation benchmark: %d CPU(s), Java %s, %d roles, max-jobs %s, gateway limit"
                + " %d/min, load %s%n", Runtime.getRuntime().availableProcessors(), Runtime.version(), n, maxJobs,
                gatewayRpm, Bench.loadAverage());
        String loadBefore = Bench.loadAverage();
        Report report = new Report();
        Path dir = Files.createTempDirectory("castellan-rotation-bench-");
        try (ScramRoles roles = ScramRoles.open()) {
            long t0 = System.nanoTime();
            roles.create(n);
            System.out.printf("created %d roles on %s:%d in %s%n", n, ScramRoles.HOST, ScramRoles.PORT,
                    Stats.fmtS(Stats.seconds(System.nanoTime() - t0)));
            CastellanServer server = startServer(dir, gatewayRpm);
            try {
                BenchCli cli = new BenchCli(Files.createDirectories(dir.resolve("cli")).resolve("config.json"));
                cli.ok("login", ADMIN, "--server", server.url(), "--password-file", dir.resolve("admin.pw").toString());
                t0 = System.nanoTime();
                RotationSetup setup = RotationSetup.create(server, cli, roles);
                System.out.printf("set up %d pamUser records with rotation settings in %s%n", n,
                        Stats.fmtS(Stats.seconds(System.nanoTime() - t0)));
                List<Run> runs = new ArrayList<>();
                for (int jobs : maxJobs) {
                    int w = window > 0 ? window : Math.min(8 * jobs, 64);
                    runs.add(run(server, cli, setup, jobs, w, dir.resolve("gw-" + jobs), roles.postmasterPid()));
                    System.out.printf("max-jobs %d: done%n", jobs);
                }
                int checked = checkVault(server, cli, setup, roles);
                long postmaster = roles.postmasterPid();
                long peerCpu0 = ProcessCpu.thisJvm() + ProcessCpu.postgresCluster(postmaster);
                long peer = roles.peerAlter(n);
                long peerCpu = ProcessCpu.thisJvm() + ProcessCpu.postgresCluster(postmaster) - peerCpu0;
                double peerSeconds = Stats.seconds(peer);
                double peerCpuMs = Stats.ms(peerCpu) / n;
                for (Run r : runs) {
                    addRows(report, r, n, peerSeconds, peerCpuMs);
                }
                report.add("peer", n + " x ALTER ROLE PASSWORD, one JDBC connection", Stats.fmtS(peerSeconds)
                        + " (" + Stats.fmtRate(n / peerSeconds) + ")");
                report.add("peer", "CPU per ALTER ROLE (this JVM + PostgreSQL)", Stats.fmtMs(peerCpuMs));
                report.note("Targets: PostgreSQL 127.0.0.1:5433 (scram-sha-256), " + n + " roles, one pamDatabase"
                        + " resource; server in this JVM on SQLite; one gateway child process. Each rotation: the user"
                        + " API's rotate, the Router, the gateway's get_secret, update_secret (pending), ALTER ROLE,"
                        + " two logins (new password, decoy), finalize_secret_update. Afterwards " + checked
                        + " sampled vault passwords were tried on the target and all logged in. Load average at"
                        + " start " + loadBefore + ", at end " + Bench.loadAverage() + ".");
            } finally {
                server.stop();
            }
        }
        report.print(System.out);
        System.exit(0);
    }

    private static CastellanServer startServer(Path dir, int gatewayRpm) throws Exception {
        Path dataDir = dir.resolve("server");
        Path pw = RotationSetup.writeAdminPassword(dir, "rotation bench admin password 5Tz8");
        BenchCli.plain("server", "init-admin", "--data-dir", dataDir.toString(), "--email", ADMIN,
                "--password-file", pw.toString(), "--iterations", "100000");
        CastellanServer server = new CastellanServer(ServerConfig.builder().dataDir(dataDir).listen("127.0.0.1:0")
                .gatewayRequestsPerMinute(gatewayRpm).build());
        server.start();
        return server;
    }

    private static Run run(CastellanServer server, BenchCli cli, RotationSetup setup, int maxJobs, int window,
                           Path logDir, long postmasterPid) throws Exception {
        try (GatewayChild gateway = GatewayChild.start(setup.gatewayConfig(), maxJobs, logDir)) {
            awaitOnline(server, gateway);
            JobService jobs = server.router().jobs();
            List<String> uids = setup.userUids();
            long[] latencies = new long[uids.size()];
            Map<JobState, Integer> states = new ConcurrentHashMap<>();
            Map<Integer, String> failures = new ConcurrentHashMap<>();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger offline = new AtomicInteger();
            System.out.printf("max-jobs %d: gateway pid %d online; rotating %d records, %d requests in flight%n",
                    maxJobs, gateway.pid(), uids.size(), window);
            ExecutorService pool = Executors.newFixedThreadPool(window);
            long jvm0 = ProcessCpu.thisJvm();
            long gw0 = ProcessCpu.of(gateway.pid());
            long pg0 = ProcessCpu.postgresCluster(postmasterPid);
            long t0 = System.nanoTime();
            try {
                List<Future<Void>> done = new ArrayList<>();
                for (int w = 0; w < window; w++) {
                    done.add(pool.submit(() -> {
                        VaultClient client = RotationSetup.client(server, cli);
                        for (int i = next.getAndIncrement(); i < uids.size(); i = next.getAndIncrement()) {
                            long t = System.nanoTime();
                            String jobId = rotate(client, uids.get(i), offline);
                            StoredJob job = jobs.await(jobId, Duration.ofMinutes(10));
                            latencies[i] = System.nanoTime() - t;
                            states.merge(job.state(), 1, Integer::sum);
                            if (job.state() != JobState.SUCCEEDED) {
                                failures.putIfAbsent(i, job.state() + ": " + job.summary().orElse(""));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<Void> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long took = System.nanoTime() - t0;
            Cpu cpu = new Cpu(ProcessCpu.thisJvm() - jvm0, ProcessCpu.of(gateway.pid()) - gw0,
                    ProcessCpu.postgresCluster(postmasterPid) - pg0);
            Arrays.sort(latencies);
            String firstFailure = failures.isEmpty() ? null : failures.values().iterator().next();
            Run run = new Run(maxJobs, window, took, latencies, new EnumMap<>(states), firstFailure,
                    gateway.peakRss(), offline.get(), cpu);
            System.out.printf("max-jobs %d: %d rotations in %s (%.1f /s), p50 %s, p99 %s, peak RSS %s, %s, %d"
                    + " requests retried while the gateway was reconnecting%n", maxJobs, uids.size(),
                    Stats.fmtS(Stats.seconds(took)), uids.size() / Stats.seconds(took),
                    Stats.fmtMs(Stats.ms(Stats.percentile(latencies, 50))),
                    Stats.fmtMs(Stats.ms(Stats.percentile(latencies, 99))), Stats.fmtMb(run.peakRss()), states,
                    offline.get());
            return run;
        }
    }

    /**
     * The user API's {@code rotate}; while the gateway is offline (it missed heartbeats on a loaded machine and is
     * reconnecting) the request is refused with {@code gateway_offline}: wait and ask again, counting it.
     */
    private static String rotate(VaultClient client, String uid, AtomicInteger offline) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                return client.pam().rotate(uid);
            } catch (CastellanException e) {
                if (e.code() != ErrorCode.GATEWAY_OFFLINE || System.nanoTime() > deadline) {
                    throw e;
                }
                offline.incrementAndGet();
                Thread.sleep(500);
            }
        }
    }

    private static void awaitOnline(CastellanServer server, GatewayChild gateway) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (server.router().liveGatewayUids().isEmpty()) {
            if (!gateway.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway did not come online (see its gateway.out)");
            }
            Thread.sleep(100);
        }
    }

    /** Tries a sample of the vault's current passwords on the target; fails the benchmark if one does not log in. */
    private static int checkVault(CastellanServer server, BenchCli cli, RotationSetup setup, ScramRoles roles) {
        List<String> uids = setup.userUids();
        int step = Math.max(1, uids.size() / 25);
        int checked = 0;
        try (Vault vault = RotationSetup.client(server, cli).sync()) {
            for (int i = 0; i < uids.size(); i += step) {
                String pw = vault.record(uids.get(i)).orElseThrow().data().firstValue("password", null).orElseThrow();
                if (pw.equals(roles.initialPasswords().get(i)) || !roles.logsIn(roles.roles().get(i), pw)) {
                    throw new IllegalStateException("record " + uids.get(i) + ": the vault's password is not a"
                            + " rotated one that logs in");
                }
                checked++;
            }
        }
        return checked;
    }

    private static void addRows(Report report, Run r, int n, double peerSeconds, double peerCpuMs) {
        String store = "max-jobs " + r.maxJobs();
        double seconds = Stats.seconds(r.nanos());
        double rate = n / seconds;
        report.add(store, n + " rotations, total (" + r.window() + " requests in flight)", Stats.fmtS(seconds), "-",
                Stats.fmtS(peerSeconds), Stats.fmtRatio(seconds / peerSeconds), "-");
        report.add(store, "rotations per second", String.format(Locale.ROOT, "%.1f /s", rate), ">= 10 /s", "-",
                "-", rate >= TARGET_RATE ? "PASS" : "FAIL");
        double cpuMs = Stats.ms(r.cpu().total()) / n;
        report.add(store, "CPU per rotation: server JVM / gateway / PostgreSQL", String.format(Locale.ROOT,
                "%.1f / %.1f / %.1f ms", Stats.ms(r.cpu().serverJvm()) / n, Stats.ms(r.cpu().gateway()) / n,
                Stats.ms(r.cpu().postgres()) / n), "-", Stats.fmtMs(peerCpuMs), Stats.fmtRatio(cpuMs / peerCpuMs),
                "-");
        int cpus = Runtime.getRuntime().availableProcessors();
        double capacity = cpus * 1000.0 / cpuMs;
        report.add(store, "CPU-bound capacity: " + cpus + " CPU(s) / CPU per rotation (not a measured rate)",
                String.format(Locale.ROOT, "%.1f /s", capacity), "-", "-", "-", "-");
        report.add(store, "job latency p50", Stats.fmtMs(Stats.ms(Stats.percentile(r.latencies(), 50))));
        report.add(store, "job latency p99", Stats.fmtMs(Stats.ms(Stats.percentile(r.latencies(), 99))));
        report.add(store, "peak gateway RSS (VmHWM)", Stats.fmtMb(r.peakRss()), "<= 512 MB", "-", "-",
                r.peakRss() > 0 && r.peakRss() <= TARGET_RSS ? "PASS" : "FAIL");
        report.add(store, "requests refused while the gateway reconnected (retried)",
                Integer.toString(r.offlineRetries()));
        report.add(store, "job outcomes", r.states().toString() + (r.firstFailure() == null ? ""
                : " (first failure: " + r.firstFailure() + ")"), "all SUCCEEDED", "-", "-",
                r.states().getOrDefault(JobState.SUCCEEDED, 0) == n ? "PASS" : "FAIL");
    }
}
