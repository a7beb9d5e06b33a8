package io.castellan.bench;

import io.castellan.model.gateway.JobState;
import io.castellan.server.audit.StoreAudit;
import io.castellan.server.scheduler.RotationScheduler;
import io.castellan.server.scheduler.RotationSubmitter;
import io.castellan.server.scheduler.SchedulerOptions;
import io.castellan.store.FolderKind;
import io.castellan.store.FolderRepository;
import io.castellan.store.JobRepository;
import io.castellan.store.PamConfiguration;
import io.castellan.store.PamConfigurationRepository;
import io.castellan.store.RotationScheduleRepository;
import io.castellan.store.RotationSettings;
import io.castellan.store.RotationSettingsRepository;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import io.castellan.store.UserKeys;
import io.castellan.store.UserStatus;
import io.castellan.testkit.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/run schedule}: N rotations due within one window (default 10,000 in 60 s) against a no-op target. The
 * real {@link RotationScheduler} (default options: 1 s polls, batches of 500) on a real store (SQLite and/or a
 * throwaway PostgreSQL database) claims each due row and stores its rotate job in {@code gateway_jobs} with its audit
 * event, as the server does; a stand-in gateway on another thread reports each job sent and succeeded right after
 * (the no-op target), so the scheduler's checks find them done. Lateness is the time the job is stored minus the
 * row's due time; target p99 ≤ 2 s. Peer: a {@link ScheduledThreadPoolExecutor} in this JVM firing
 * the same N due times with a no-op task (no store, no cluster safety: the floor of in-process timer lateness).
 */
public final class ScheduleBench {

    static final double TARGET_P99_SECONDS = 2;
    private static final String USAGE = "usage: bench/run schedule [--rotations N] [--window-seconds S]"
            + " [--store sqlite|postgres|both] [--batch B] [--poll-ms P]\n";

    static {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bench-logback.xml");
        }
    }

    private ScheduleBench() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("crypto provider: " + io.castellan.crypto.CryptoProviders.install());
        int n = 10_000;
        int windowSeconds = 60;
        String stores = "both";
        int batch = SchedulerOptions.DEFAULT.batch();
        long pollMillis = SchedulerOptions.DEFAULT.poll().toMillis();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--rotations" -> n = Integer.parseInt(args[++i]);
                    case "--window-seconds" -> windowSeconds = Integer.parseInt(args[++i]);
                    case "--store" -> stores = args[++i];
                    case "--batch" -> batch = Integer.parseInt(args[++i]);
                    case "--poll-ms" -> pollMillis = Long.parseLong(args[++i]);
                    case "--help", "-h" -> {
                        System.out.print(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException(args[i]);
                }
            }
            if (!List.of("sqlite", "postgres", "both").contains(stores) || n < 1 || windowSeconds < 1) {
                throw new IllegalArgumentException("store, rotations or window");
            }
        } catch (RuntimeException e) {
            System.err.print("bench: bad arguments (" + e.getMessage() + ")\n" + USAGE);
            System.exit(2);
        }
        SchedulerOptions options = new SchedulerOptions(Duration.ofMillis(pollMillis),
                SchedulerOptions.DEFAULT.check(), SchedulerOptions.DEFAULT.maxFailures(),
                SchedulerOptions.DEFAULT.backoffBase(), SchedulerOptions.DEFAULT.backoffMax(), batch);
        System.out.printf("Castellan schedule benchmark: %d CPU(s), Java %s, %,d rotations due within %d s,"
                        + " poll %d ms, batch %d%n", Runtime.getRuntime().availableProcessors(), Runtime.version(), n,
                windowSeconds, pollMillis, batch);
        System.out.println("load average at start: " + Bench.loadAverage());
        Report report = new Report();
        long[] peer = peer(n, windowSeconds);
        System.out.printf("peer (ScheduledThreadPoolExecutor): p50 %s, p99 %s%n",
                Stats.fmtMs(Stats.ms(Stats.percentile(peer, 50))), Stats.fmtMs(Stats.ms(Stats.percentile(peer, 99))));
        if (!stores.equals("postgres")) {
            Path dir = Files.createTempDirectory("castellan-schedule-bench");
            try (Store store = Store.open(StoreConfig.of(dir.resolve("data"), null))) {
                run(report, "sqlite", store, n, windowSeconds, options, peer);
            }
        }
        if (!stores.equals("sqlite")) {
            Path dir = Files.createTempDirectory("castellan-schedule-bench");
            try (PostgresTestDatabase db = PostgresTestDatabase.create();
                 Store store = Store.open(StoreConfig.of(dir.resolve("data"), db.jdbcUrl()))) {
                run(report, "postgres", store, n, windowSeconds, options, peer);
            }
        }
        report.note("Lateness = when the scheduler stored the rotate job (with its claim and audit event) minus the"
                + " row's due time. Load average at the end: " + Bench.loadAverage() + ".");
        report.print(System.out);
    }

    /** Lateness in nanoseconds, sorted, of a timer that does nothing but fire at the same due times. */
    private static long[] peer(int n, int windowSeconds) throws InterruptedException {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        long[] lateness = new long[n];
        CountDownLatch fired = new CountDownLatch(n);
        long start = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long spread = TimeUnit.SECONDS.toNanos(windowSeconds);
        for (int i = 0; i < n; i++) {
            int slot = i;
            long due = start + spread * i / n;
            timer.schedule(() -> {
                lateness[slot] = System.nanoTime() - due;
                fired.countDown();
            }, due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        fired.await();
        timer.shutdown();
        Arrays.sort(lateness);
        return lateness;
    }

    private static void run(Report report, String kind, Store store, int n, int windowSeconds,
                            SchedulerOptions options, long[] peer) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        JobRepository jobs = new JobRepository(store.transactions(), clock);
        Map<String, Long> due = new ConcurrentHashMap<>();
        Map<String, Long> lateMillis = new ConcurrentHashMap<>();
        long seedStart = System.nanoTime();
        Instant first = seed(store, clock, n, windowSeconds, due);
        System.out.printf("%s: seeded %,d pamUsers with rotation settings in %s; the first is due at %s%n", kind, n,
                Stats.fmtS(Stats.seconds(System.nanoTime() - seedStart)), first);
        ExecutorService gatewayThread = Executors.newSingleThreadExecutor();
        RotationSubmitter noOpTarget = new RotationSubmitter() {
            @Override
            public String submit(String gatewayUid, String pamUserUid, String resourceUid, String configUid) {
                String id = jobs.insert(UUID.randomUUID().toString(), gatewayUid, "rotate",
                        List.of(pamUserUid, resourceUid, configUid), Map.of("noop", "true"), "scheduler", false,
                        Duration.ofMinutes(10)).id();
                lateMillis.put(pamUserUid, clock.millis() - due.get(pamUserUid));
                return id;
            }

            @Override
            public void release(String jobId) {
                gatewayThread.execute(() -> {
                    jobs.update(jobId, JobState.SENT, Optional.empty(), Map.of());
                    jobs.update(jobId, JobState.SUCCEEDED, Optional.of("no-op"), Map.of());
                });
            }
        };
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(windowSeconds + 600L);
        try (ExecutorService gateway = gatewayThread;
             RotationScheduler scheduler = new RotationScheduler(store, new StoreAudit(store.auditEvents(), clock),
                     clock, noOpTarget, options).start()) {
            while (lateMillis.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
        long stored = store.read(h -> h.createQuery("SELECT COUNT(*) FROM gateway_jobs").mapTo(Long.class).one());
        long succeeded = store.read(h -> h.createQuery("SELECT COUNT(*) FROM gateway_jobs WHERE state = 'succeeded'")
                .mapTo(Long.class).one());
        long[] lateness = lateMillis.values().stream().mapToLong(ms -> TimeUnit.MILLISECONDS.toNanos(ms)).sorted()
                .toArray();
        long p50 = Stats.percentile(lateness, 50);
        long p99 = Stats.percentile(lateness, 99);
        long peer50 = Stats.percentile(peer, 50);
        long peer99 = Stats.percentile(peer, 99);
        report.add(kind, "rotations run", String.format("%,d of %,d (jobs stored %,d, succeeded %,d)",
                lateness.length, n, stored, succeeded));
        report.add(kind, "lateness p50", Stats.fmtMs(Stats.ms(p50)), "-", Stats.fmtMs(Stats.ms(peer50)),
                Stats.fmtRatio((double) Math.max(p50, 1) / Math.max(peer50, 1)), "-");
        boolean pass = lateness.length == n && Stats.seconds(p99) <= TARGET_P99_SECONDS;
        report.add(kind, "lateness p99", Stats.fmtMs(Stats.ms(p99)), "<= " + Stats.fmtTarget(TARGET_P99_SECONDS),
                Stats.fmtMs(Stats.ms(peer99)), Stats.fmtRatio((double) Math.max(p99, 1) / Math.max(peer99, 1)),
                pass ? "PASS" : "FAIL");
        report.add(kind, "lateness max", Stats.fmtMs(Stats.ms(lateness.length == 0 ? 0
                : lateness[lateness.length - 1])));
        System.out.printf("%s: %,d rotations, lateness p50 %s, p99 %s%n", kind, lateness.length,
                Stats.fmtMs(Stats.ms(p50)), Stats.fmtMs(Stats.ms(p99)));
    }

    /** One owner, folder, configuration and resource, and N pamUsers due evenly across the window, in one go. */
    private static Instant seed(Store store, Clock clock, int n, int windowSeconds, Map<String, Long> due) {
        byte[] b = "x".getBytes(StandardCharsets.UTF_8);
        RotationSettingsRepository settings = new RotationSettingsRepository(store.transactions(), clock);
        RotationScheduleRepository schedules = new RotationScheduleRepository(store.transactions(), clock);
        store.users().create("owner", "owner@bench.example", UserStatus.ACTIVE, false,
                new UserKeys(b, 1_000_000, b, b, b, b));
        new FolderRepository(store.transactions(), clock).insert("sf1", FolderKind.SHARED, "owner", Optional.empty(),
                b);
        store.records().insert("config1", "owner", Optional.of("sf1"), b);
        store.records().insert("machine1", "owner", Optional.of("sf1"), b);
        new PamConfigurationRepository(store.transactions(), clock).insert(new PamConfiguration("config1", "owner",
                "local", "gateway-client-id", "sf1", List.of("rotation"), Optional.empty(), "{}", Instant.EPOCH,
                Instant.EPOCH));
        for (int from = 0; from < n; from += 1000) {
            int to = Math.min(n, from + 1000);
            int start = from;
            store.write(h -> {
                for (int i = start; i < to; i++) {
                    String uid = "user" + i;
                    store.records().insert(uid, "owner", Optional.of("sf1"), b);
                    settings.put(new RotationSettings(uid, "machine1", "config1", "general",
                            Optional.of("{\"type\":\"DAILY\",\"utcTime\":\"03:00\"}"), true, true, b, "owner",
                            Instant.EPOCH, Instant.EPOCH));
                }
                return null;
            });
        }
        // Due times are set last, from a fresh "now": seeding must not eat into the window.
        Instant first = clock.instant().plusSeconds(5);
        long spread = windowSeconds * 1000L;
        store.write(h -> {
            for (int i = 0; i < n; i++) {
                Instant at = first.plusMillis(spread * i / n);
                due.put("user" + i, at.toEpochMilli());
                schedules.plan("user" + i, Optional.of(at), false);
            }
            return null;
        });
        return first;
    }
}
