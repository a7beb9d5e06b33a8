package io.castellan.bench;

import io.castellan.bench.KsmCpu.Cpu;
import io.castellan.bench.KsmCpu.CpuMeter;
import io.castellan.client.VaultClient;
import io.castellan.client.sm.Apps;
import io.castellan.client.sm.ClientKind;
import io.castellan.client.sm.GrantKind;
import io.castellan.client.sm.IssuedClient;
import io.castellan.client.sm.NewClient;
import io.castellan.client.sm.SecretsManagerApp;
import io.castellan.client.vault.Vault;
import io.castellan.sdk.Secrets;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.SecretsManagerOptions;
import io.castellan.sdk.transport.TlsTrust;
import io.castellan.store.Dialect;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench/run ksm}: the Secrets Manager device API under load. Against a real in-process server (real HTTPS, a
 * real store), one application is granted N records and D devices are bound through Castellan's Java SDK
 * ({@code io.castellan.sdk}, pinned TLS); then each phase runs L devices at once for a fixed time, each device its own
 * SDK instance making {@code getSecrets()} calls one after another (the common call: every granted record, decrypted on
 * the device). Measured: throughput, p50 and p99 latency, and CPU per request split into the devices' side and the
 * server's (and PostgreSQL's processes). Peer: as many plain HTTPS round trips of {@code GET /healthz} at the same
 * concurrency, each caller with its own HTTP client configured as the SDK's is (HTTP/1.1, pinned certificate): the
 * transport floor. Exits 0 even when a target is missed (the table says so), 1 when the benchmark could not run, 2 for
 * bad usage.
 */
public final class KsmBench {

    static {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
    }

    static final double TARGET_RATE = 1000;
    /** One clock tick of /proc's CPU times (USER_HZ is 100 on Linux). */
    static final long TICK_NANOS = 10_000_000L;
    static final double TARGET_P99_MS = 50;
    static final int TARGET_DEVICES = 8;

    private final KsmOptions options;
    private final Report report;
    private final PrintStream log;

    KsmBench(KsmOptions options, Report report, PrintStream log) {
        this.options = options;
        this.report = report;
        this.log = log;
    }

    public static void main(String[] args) {
        System.out.println("crypto provider: " + io.castellan.crypto.CryptoProviders.install());
        List<String> rest = Arrays.asList(args);
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.print(KsmOptions.USAGE);
            return;
        }
        KsmOptions options;
        try {
            options = KsmOptions.parse(rest);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(KsmOptions.USAGE);
            System.exit(2);
            return;
        }
        Report report = new Report();
        long start = System.nanoTime();
        System.out.printf("Castellan ksm (Secrets Manager device API) benchmark, %s: %d CPU(s), Java %s, max heap %s,"
                        + " %,d records, %,d devices, concurrency %s, stores %s%n", LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), Runtime.version(),
                Stats.fmtMb(Runtime.getRuntime().maxMemory()), options.records(), options.devices(),
                options.concurrency(), options.stores().stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
        System.out.println("JVM options: " + String.join(" ", ManagementFactory.getRuntimeMXBean()
                .getInputArguments()));
        String loadBefore = Bench.loadAverage();
        System.out.println("load average at start: " + loadBefore);
        try {
            KsmBench bench = new KsmBench(options, report, System.out);
            for (BenchServer.Kind kind : options.stores()) {
                bench.run(kind);
            }
        } catch (Exception e) {
            report.print(System.out);
            System.err.println("bench: the benchmark could not complete: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
        }
        report.note(String.format(Locale.ROOT, "Devices and server share this JVM and its %d CPU(s) (PostgreSQL runs"
                        + " beside them); the server's device limit was %,d requests/minute; total run time %.0f s;"
                        + " load average at start %s, at end %s.", Runtime.getRuntime().availableProcessors(),
                options.deviceRpm(), Stats.seconds(System.nanoTime() - start), loadBefore, Bench.loadAverage()));
        report.note("CPU/req, ms per request: devices = the device threads and their HTTP clients' threads; server ="
                + " the rest of this JVM (handlers on virtual threads, Jetty, the store's pool) except JIT+GC = the"
                + " C1/C2 compiler threads and the GC/VM threads; pg = PostgreSQL's processes.");
        report.print(System.out);
        System.exit(0);
    }

    void run(BenchServer.Kind kind) throws Exception {
        long t0 = System.nanoTime();
        try (KsmServer server = KsmServer.start(kind, options.deviceRpm())) {
            String store = server.label();
            log.printf("[%s] server on %s (store: %s)%n", store, server.url, server.server.storeDescription());
            VaultClient admin = server.bootstrapAdmin();
            Provisioned p = provision(server, admin, store);
            try {
                warmUp(server, p, store);
                for (int level : options.concurrency()) {
                    phase(server, p, level, store);
                }
                if (options.breakdown()) {
                    new KsmBreakdown(server, p.appUid(), p.appKey(), options.records(), report, log).run(store);
                }
            } finally {
                p.devices().forEach(SecretsManager::close);
                Arrays.fill(p.appKey(), (byte) 0);
            }
        }
        log.printf("[%s] done in %.0f s%n", kind.name().toLowerCase(Locale.ROOT),
                Stats.seconds(System.nanoTime() - t0));
    }

    // ---------------------------------------------------------------------------------------------------- setup

    /** The application, its key (for the breakdown), the granted record UIDs and the bound devices. */
    record Provisioned(String appUid, byte[] appKey, List<String> recordUids, List<SecretsManager> devices) {
    }

    private Provisioned provision(KsmServer server, VaultClient admin, String store) throws Exception {
        int n = options.records();
        int d = options.devices();
        log.printf("[%s] setup: %,d records (record_add), an application granted each of them, %,d devices bound"
                + " through the SDK%n", store, n, d);
        long a = System.nanoTime();
        List<String> uids = new ArrayList<>(n);
        String appUid;
        try (Vault keysOnly = new Vault(admin.session().unlock(admin.config()), List.of(), List.of(), List.of(),
                List.of())) {
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < n; i++) {
                uids.add(admin.records().add(keysOnly, VaultBench.sampleRecord(i, random), null, List.of()).uid());
            }
            appUid = admin.secretsManager().create(keysOnly.keyring(), "ksm bench");
        }
        long b = System.nanoTime();
        byte[] appKey;
        List<String> tokens = new ArrayList<>(d);
        try (Vault vault = admin.sync(); Apps apps = admin.secretsManager().list(vault.keyring())) {
            SecretsManagerApp app = apps.resolve(appUid);
            appKey = app.appKey().clone();
            for (String uid : uids) {
                admin.secretsManager().addGrant(app, uid, GrantKind.RECORD, vault.record(uid).orElseThrow().key(),
                        false);
            }
            Instant firstAccess = Instant.now().plus(Duration.ofHours(1));
            for (int i = 0; i < d; i++) {
                try (IssuedClient c = admin.secretsManager().addClient(app, new NewClient("bench-" + i,
                        ClientKind.DEVICE, true, firstAccess, null))) {
                    tokens.add(c.token().token(null));
                }
            }
        }
        long c = System.nanoTime();
        List<SecretsManager> devices = new ArrayList<>(d);
        for (String token : tokens) {
            SecretsManager sm = SecretsManager.initialize(token, SecretsManagerOptions.builder()
                    .hostName(server.hostName()).tls(TlsTrust.pinned(server.fingerprint)).build());
            devices.add(sm);
            Secrets first = sm.getSecrets();
            if (first.records().size() != n || !sm.isBound()) {
                throw new IllegalStateException("a new device sees " + first.records().size() + " records, expected "
                        + n);
            }
        }
        long e = System.nanoTime();
        report.add(store, String.format(Locale.ROOT, "setup: %,d records (record_add) + app (not a target)", n),
                Stats.fmtS(Stats.seconds(b - a)));
        report.add(store, String.format(Locale.ROOT, "setup: %,d grants + %,d app_client_add (not a target)", n, d),
                Stats.fmtS(Stats.seconds(c - b)));
        report.add(store, String.format(Locale.ROOT, "setup: %,d devices bound, SDK initialize + first getSecrets", d),
                Stats.fmtS(Stats.seconds(e - c)) + " (" + Stats.fmtMs(Stats.ms(e - c) / d) + " each)");
        return new Provisioned(appUid, appKey, List.copyOf(uids), devices);
    }

    // ---------------------------------------------------------------------------------------------------- phases

    /** What one timed phase did. */
    record Run(long[] latencies, int count, long wallNanos, Cpu cpu) {
        double rate() {
            return count / Stats.seconds(wallNanos);
        }

        double p(double percentile) {
            return Stats.ms(Stats.percentile(latencies, percentile));
        }
    }

    private void phase(KsmServer server, Provisioned p, int level, String store) throws Exception {
        List<SecretsManager> devices = p.devices().subList(0, level);
        int n = options.records();
        String who = level == 1 ? "1 device" : level + " devices";
        log.printf("[%s] get_secret: %s for %.0f s, then as many GET /healthz round trips%n", store, who,
                options.seconds());
        getSecrets(server, devices, n, Math.min(2.0, options.seconds() / 4)); // warm-up: JIT, connections, TLS sessions
        long fromSeq = server.store.auditEvents().lastSeq();
        Run ours = getSecrets(server, devices, n, options.seconds());
        log.printf("[%s]   %,d calls: %s, p50 %s, p99 %s; CPU/request %s%n", store, ours.count(),
                Stats.fmtRate(ours.rate()), Stats.fmtMs(ours.p(50)), Stats.fmtMs(ours.p(99)), cpuText(ours));
        Optional<String> commits = readCommits(server, fromSeq);
        commits.ifPresent(c -> log.printf("[%s]   group commit: %s%n", store, c));

        Run peer = healthz(server, level, ours.count());
        log.printf("[%s]   peer: %,d GET /healthz: %s, p50 %s, p99 %s; CPU/request %s%n", store, peer.count(),
                Stats.fmtRate(peer.rate()), Stats.fmtMs(peer.p(50)), Stats.fmtMs(peer.p(99)), cpuText(peer));

        boolean targeted = level == TARGET_DEVICES;
        String label = String.format(Locale.ROOT, "get_secret (%,d records), %s: ", n, who);
        String peerRate = Stats.fmtRate(peer.rate()) + " (GET /healthz)";
        report.add(store, label + "throughput", Stats.fmtRate(ours.rate()),
                targeted ? ">= " + Stats.fmtRate(TARGET_RATE) : "-", peerRate,
                Stats.fmtRatio(peer.rate() / ours.rate()),
                targeted ? (ours.rate() >= TARGET_RATE ? "PASS" : "FAIL") : "-");
        report.add(store, label + "p50 latency", Stats.fmtMs(ours.p(50)), "-", Stats.fmtMs(peer.p(50)),
                Stats.fmtRatio(ours.p(50) / peer.p(50)), "-");
        report.add(store, label + "p99 latency", Stats.fmtMs(ours.p(99)),
                targeted ? "<= " + Stats.fmtMs(TARGET_P99_MS) : "-", Stats.fmtMs(peer.p(99)),
                Stats.fmtRatio(ours.p(99) / peer.p(99)),
                targeted ? (ours.p(99) <= TARGET_P99_MS ? "PASS" : "FAIL") : "-");
        report.add(store, label + "CPU/req devices/server/JIT+GC/pg", cpuText(ours), "-", cpuText(peer),
                Stats.fmtRatio(ours.cpu().totalMs(ours.count()) / peer.cpu().totalMs(peer.count())), "-");
        commits.ifPresent(c -> report.add(store, label + "device_secrets_read events per commit", c, "-", "-", "-",
                "-"));
        if (targeted) {
            // The devices share this machine's CPUs with the server; what the server side alone could serve if they
            // ran elsewhere is CPUs / (server + JIT/GC + PostgreSQL CPU per request). A projection, not a rate.
            int calls = ours.count();
            double serverSideMs = ours.cpu().serverMs(calls) + ours.cpu().jitGcMs(calls) + ours.cpu().pgMs(calls);
            int cpus = Runtime.getRuntime().availableProcessors();
            report.add(store, label + "server-side CPU-bound capacity (" + cpus + " CPUs / "
                    + ms(serverSideMs) + " ms; projection)", Stats.fmtRate(cpus * 1000.0 / serverSideMs), "-", "-",
                    "-", "-");
        }
    }

    /**
     * PostgreSQL only: the {@code device_secrets_read} events appended since {@code fromSeq} and how many
     * transactions wrote them (distinct {@code xmin}), i.e. how many reads the server's group commit put in one commit.
     */
    private static Optional<String> readCommits(KsmServer server, long fromSeq) {
        if (server.store.dialect() != Dialect.POSTGRESQL) {
            return Optional.empty();
        }
        return Optional.of(server.store.read(h -> h.createQuery("SELECT COUNT(*), COUNT(DISTINCT xmin::text)"
                        + " FROM audit_events WHERE event_type = 'device_secrets_read' AND seq > :from")
                .bind("from", fromSeq)
                .map((rs, ctx) -> String.format(Locale.ROOT, "%.1f (%,d events in %,d transactions)",
                        rs.getLong(1) / (double) Math.max(1, rs.getLong(2)), rs.getLong(1), rs.getLong(2)))
                .one()));
    }

    /** "devices / server / JIT+GC / pg" CPU milliseconds per request. */
    private static String cpuText(Run run) {
        int n = run.count();
        Cpu c = run.cpu();
        return String.format(Locale.ROOT, "%s / %s / %s / %s", ms(c.clientMs(n)), ms(c.serverMs(n)), ms(c.jitGcMs(n)),
                ms(c.pgMs(n)));
    }

    private static String ms(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }

    /** Warm-up goes on in slices of this length while the JIT is busy... */
    private static final double WARMUP_SLICE_SECONDS = 5;
    /** ...that is, while it compiled for more than this share of a slice's wall time... */
    private static final double WARMUP_BUSY_JIT_SHARE = 0.10;
    /** ...up to this long in all. */
    private static final double WARMUP_MAX_SECONDS = 120;

    /**
     * Untimed load on every device before the first phase: the JIT of a 2-CPU machine needs that long to settle. How
     * long varies with the host (20 s sufficed on one day; on another C2 still used 45 % of a CPU after 50 s, and
     * throughput measured after 20 s was half the steady state), so after the requested seconds the load goes on in
     * slices while the JIT still compiles for more than a tenth of a slice.
     */
    private void warmUp(KsmServer server, Provisioned p, String store) throws Exception {
        if (options.warmup() <= 0) {
            return;
        }
        int level = Math.min(p.devices().size(), TARGET_DEVICES);
        log.printf("[%s] warm-up: %d devices for %.0f s (untimed)%n", store, level, options.warmup());
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long jitBefore = timed ? jit.getTotalCompilationTime() : 0;
        Run r = getSecrets(server, p.devices().subList(0, level), options.records(), options.warmup());
        log.printf("[%s]   %,d calls, %s; CPU/request %s%n", store, r.count(), Stats.fmtRate(r.rate()), cpuText(r));
        double spent = options.warmup();
        double share = timed ? (jit.getTotalCompilationTime() - jitBefore) / 1000.0 / options.warmup() : 0;
        while (share > WARMUP_BUSY_JIT_SHARE && spent + WARMUP_SLICE_SECONDS <= WARMUP_MAX_SECONDS) {
            long sliceBefore = jit.getTotalCompilationTime();
            r = getSecrets(server, p.devices().subList(0, level), options.records(), WARMUP_SLICE_SECONDS);
            spent += WARMUP_SLICE_SECONDS;
            share = (jit.getTotalCompilationTime() - sliceBefore) / 1000.0 / WARMUP_SLICE_SECONDS;
            log.printf("[%s]   JIT still busy: %.0f %% of the last slice compiling; %.0f s in all, %s%n", store,
                    share * 100, spent, Stats.fmtRate(r.rate()));
        }
    }

    /** Each device calls getSecrets() one call after another until the time is up. */
    private static Run getSecrets(KsmServer server, List<SecretsManager> devices, int expected, double seconds)
            throws Exception {
        int n = devices.size();
        ExecutorService pool = Executors.newFixedThreadPool(n, named("ksm-device-"));
        try {
            CpuMeter cpu = CpuMeter.start(server);
            CountDownLatch ready = new CountDownLatch(n);
            long[] deadline = new long[1];
            List<Callable<long[]>> work = new ArrayList<>();
            List<long[]> deviceCpu = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                SecretsManager sm = devices.get(i);
                long[] myCpu = new long[1];
                deviceCpu.add(myCpu);
                work.add(() -> {
                    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                    ready.countDown();
                    ready.await();
                    long c0 = mx.getCurrentThreadCpuTime();
                    long[] lat = new long[1024];
                    int count = 0;
                    while (System.nanoTime() < deadline[0]) {
                        long t0 = System.nanoTime();
                        Secrets s = sm.getSecrets();
                        long t = System.nanoTime() - t0;
                        if (s.records().size() != expected) {
                            throw new IllegalStateException("getSecrets returned " + s.records().size()
                                    + " records, expected " + expected);
                        }
                        if (count == lat.length) {
                            lat = Arrays.copyOf(lat, count * 2);
                        }
                        lat[count++] = t;
                    }
                    myCpu[0] = mx.getCurrentThreadCpuTime() - c0;
                    return Arrays.copyOf(lat, count);
                });
            }
            long start = System.nanoTime();
            deadline[0] = start + (long) (seconds * 1e9);
            List<Future<long[]>> futures = pool.invokeAll(work);
            long wall = System.nanoTime() - start;
            List<long[]> parts = new ArrayList<>();
            for (Future<long[]> f : futures) {
                parts.add(f.get());
            }
            long[] all = Stats.merged(parts);
            long devicesCpu = deviceCpu.stream().mapToLong(c -> c[0]).sum();
            return new Run(all, all.length, wall, cpu.stop(devicesCpu));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The peer: {@code total} round trips of {@code GET /healthz}, split over {@code clients} callers, each with its
     * own HTTP client set up as the SDK's (HTTP/1.1, the pinned certificate), calls one after another.
     */
    private static Run healthz(KsmServer server, int clients, int total) throws Exception {
        URI uri = URI.create(server.url + "/healthz");
        List<HttpClient> https = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            https.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(TlsTrust.pinned(server.fingerprint).sslContext())
                    .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build());
        }
        HttpRequest get = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build();
        ExecutorService pool = Executors.newFixedThreadPool(clients, named("ksm-peer-"));
        try {
            // warm-up: connections, TLS sessions, JIT
            run(server, pool, https, get, clients, Math.max(clients * 20, Math.min(total, 2000)));
            return run(server, pool, https, get, clients, total);
        } finally {
            pool.shutdownNow();
            https.forEach(HttpClient::close);
        }
    }

    private static Run run(KsmServer server, ExecutorService pool, List<HttpClient> https, HttpRequest get,
            int clients, int total) throws Exception {
        List<Callable<long[]>> work = new ArrayList<>();
        List<long[]> threadCpu = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            HttpClient http = https.get(i);
            int mine = total / clients + (i < total % clients ? 1 : 0);
            long[] myCpu = new long[1];
            threadCpu.add(myCpu);
            work.add(() -> {
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                long c0 = mx.getCurrentThreadCpuTime();
                long[] lat = new long[mine];
                for (int k = 0; k < mine; k++) {
                    long t0 = System.nanoTime();
                    HttpResponse<byte[]> r = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
                    lat[k] = System.nanoTime() - t0;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("GET /healthz answered " + r.statusCode());
                    }
                }
                myCpu[0] = mx.getCurrentThreadCpuTime() - c0;
                return lat;
            });
        }
        CpuMeter cpu = CpuMeter.start(server);
        long start = System.nanoTime();
        List<Future<long[]>> futures = pool.invokeAll(work);
        long wall = System.nanoTime() - start;
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> f : futures) {
            parts.add(f.get());
        }
        long[] all = Stats.merged(parts);
        return new Run(all, all.length, wall, cpu.stop(threadCpu.stream().mapToLong(c -> c[0]).sum()));
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + next.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }
}
