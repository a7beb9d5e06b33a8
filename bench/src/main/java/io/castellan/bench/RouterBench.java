package io.castellan.bench;

import io.castellan.client.VaultClient;
import io.castellan.client.api.SignedIn;
import io.castellan.client.config.CliConfig;
import io.castellan.client.keys.AccountMaterial;
import io.castellan.client.keys.UserKeyring;
import io.castellan.client.sm.Apps;
import io.castellan.client.sm.ClientKind;
import io.castellan.client.sm.GatewaysApi.IssuedGateway;
import io.castellan.client.sm.NewClient;
import io.castellan.client.sm.SecretsManagerApp;
import io.castellan.client.transport.ApiTransport;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.gateway.jobs.CommandSink;
import io.castellan.gateway.jobs.JobReporter;
import io.castellan.gateway.router.Backoff;
import io.castellan.gateway.router.RouterClient;
import io.castellan.gateway.router.RouterClientOptions;
import io.castellan.gateway.router.RouterClientSettings;
import io.castellan.model.gateway.Command;
import io.castellan.model.gateway.CommandType;
import io.castellan.model.gateway.JobState;
import io.castellan.model.gateway.JobUpdate;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.SecretsManagerOptions;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.InMemoryConfigStorage;
import io.castellan.server.CastellanServer;
import io.castellan.server.ServerConfig;
import io.castellan.server.account.AccountKeyMaterial;
import io.castellan.server.account.AdminBootstrap;
import io.castellan.server.router.JobRequest;
import io.castellan.server.router.JobService;
import io.castellan.store.Store;
import io.castellan.store.StoredJob;
import io.castellan.testkit.ServerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bench/run router}: the Router on SQLite over TLS on 127.0.0.1. Command round trip with server and gateway in
 * this JVM (submit an on-demand NOOP through {@link JobService}, the gateway answers, the caller wakes): p50/p99. Then
 * the server runs alone in a child JVM on the same data and port, N gateways of this JVM connect: the server's heap
 * per connection (the child's, measured with jcmd), what grew most, and the time until all are connected again after
 * the child is restarted.
 */
public final class RouterBench {

    static final double TARGET_P50_MS = 5;
    static final long TARGET_HEAP_PER_CONNECTION = 100 * 1024;
    private static final int CONNECT_BATCH = 50;
    private static final char[] ADMIN_PASSWORD = "bench admin password".toCharArray();

    private RouterBench() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("crypto provider: " + io.castellan.crypto.CryptoProviders.install());
        int gateways = 500;
        int trips = 2000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gateways" -> gateways = Integer.parseInt(args[++i]);
                case "--round-trips" -> trips = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: bench/run router [--gateways N] [--round-trips R]");
                    System.exit(2);
                }
            }
        }
        Report report = new Report();
        System.out.printf("Castellan router benchmark: %d CPU(s), Java %s, max heap %s, %d gateways, %d round trips%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(),
                Stats.fmtMb(Runtime.getRuntime().maxMemory()), gateways, trips);
        String loadBefore = Bench.loadAverage();
        Path dir = Files.createTempDirectory("castellan-router-bench-");
        AtomicReference<Store> store = new AtomicReference<>();
        CastellanServer server = start(dir, 0, store);
        int port = server.port();
        List<RouterClientSettings> settings;
        try {
            VaultClient admin = admin(server, store.get());
            settings = provision(server, admin, gateways);
            roundTrips(server, settings.get(0), trips, report);
        } finally {
            server.stop();
        }
        connections(dir, port, settings, report);
        report.note("Round trips: server and gateway in this JVM. Heap and reconnection: the server runs alone in a"
                + " child JVM (same data directory and port) and the gateways in this one; heap is the child's heap"
                + " after full GCs (jcmd GC.run, GC.heap_info) with all gateways connected minus with the first tenth"
                + " connected, divided by the other nine tenths. Load average at start " + loadBefore + ", at end " + Bench.loadAverage() + ".");
        report.print(System.out);
        System.exit(0);
    }

    /** The server in a child JVM: heap per connection, then the time for all to reconnect after its restart. */
    private static void connections(Path dir, int port, List<RouterClientSettings> settings, Report report)
            throws Exception {
        int n = settings.size();
        Path log = Files.createTempFile("castellan-router-bench-server-", ".log");
        List<RouterClient> clients = new ArrayList<>();
        ServerProcess child = startChild(dir, port, log);
        try {
            ChildHeap heap = new ChildHeap(child.pid());
            // A first tenth connects before the baseline, so classes loaded and code compiled on the first
            // connections, and pools sized once, are not charged to each connection.
            int warm = Math.max(1, n / 10);
            long t0 = System.nanoTime();
            connect(settings.subList(0, warm), clients);
            awaitAll(clients, Duration.ofMinutes(3));
            long before = heap.usedAfterGc();
            Map<String, Long> histogramBefore = heap.histogram();
            // In batches: the figure is the steady state, and 450 simultaneous TLS handshakes on a loaded 2-core
            // machine run into handshake timeouts and retries that only measure the overload.
            for (int from = warm; from < n; from += CONNECT_BATCH) {
                connect(settings.subList(from, Math.min(n, from + CONNECT_BATCH)), clients);
                awaitAll(clients, Duration.ofMinutes(3));
            }
            report.add("sqlite", "connect " + n + " gateways", Stats.fmtS(Stats.seconds(System.nanoTime() - t0)));
            long after = heap.usedAfterGc();
            long perConnection = (after - before) / (n - warm);
            report.add("sqlite", "server heap per connection", (perConnection / 1024) + " KB",
                    "<= " + TARGET_HEAP_PER_CONNECTION / 1024 + " KB", "-", "-",
                    perConnection <= TARGET_HEAP_PER_CONNECTION ? "PASS" : "FAIL");
            System.out.printf("server heap after GC: %s with %d gateways connected, %s with %d; largest growth:%n",
                    Stats.fmtMb(before), warm, Stats.fmtMb(after), n);
            Map<String, Long> histogramAfter = heap.histogram();
            ChildHeap.topGrowth(histogramBefore, histogramAfter, n - warm, 12)
                    .forEach(l -> System.out.println("  " + l));
            long liveGrowth = ChildHeap.total(histogramAfter) - ChildHeap.total(histogramBefore);
            report.add("sqlite", "server live objects per connection (class histogram)",
                    (liveGrowth / (n - warm) / 1024) + " KB");

            child.stop();
            awaitNone(clients, Duration.ofSeconds(60));
            long restartAt = System.nanoTime();
            child = startChild(dir, port, log);
            long up = System.nanoTime() - restartAt;
            awaitAll(clients, Duration.ofMinutes(10));
            long all = System.nanoTime() - restartAt;
            report.add("sqlite", "all reconnected after a server restart", Stats.fmtS(Stats.seconds(all))
                    + " (server up after " + Stats.fmtS(Stats.seconds(up)) + ")");
        } finally {
            clients.forEach(RouterClient::close);
            child.stop();
        }
    }

    private static void connect(List<RouterClientSettings> settings, List<RouterClient> clients) {
        for (RouterClientSettings s : settings) {
            RouterClient c = new RouterClient(s, new NoopSink(), new RouterClientOptions(Backoff.DEFAULT,
                    Duration.ofSeconds(30), 100, null));
            c.start();
            clients.add(c);
        }
    }

    private static ServerProcess startChild(Path dir, int port, Path log) {
        // -XX:TieredStopAtLevel=4 undoes ServerProcess's test default (C1 only): the server runs fully compiled.
        return ServerProcess.builder(dir).main(RouterBenchServerMain.class.getName()).listen("127.0.0.1", port)
                .jvmArgs("-XX:TieredStopAtLevel=4", "-Dlogback.configurationFile=bench-logback.xml")
                .logFile(log).startTimeout(Duration.ofSeconds(120)).start();
    }

    private static CastellanServer start(Path dir, int port, AtomicReference<Store> store) {
        CastellanServer server = new CastellanServer(ServerConfig.builder().dataDir(dir)
                .listen("127.0.0.1:" + port).build(), c -> {
                    Store s = Store.open(c);
                    store.set(s);
                    return s;
                });
        server.start();
        return server;
    }

    private static VaultClient admin(CastellanServer server, Store store) {
        AccountMaterial m = AccountMaterial.create(ADMIN_PASSWORD.clone(), 100_000);
        AdminBootstrap.createAdmin(store, "admin@router.bench", new AccountKeyMaterial(m.salt(), m.iterations(),
                m.authHash(), m.encryptedDataKey(), m.publicKey(), m.encryptedPrivateKey()));
        m.wipe();
        String fp = server.tlsMaterial().fingerprintSha256();
        CliConfig base = CliConfig.EMPTY.withServer(server.url()).withPin(fp);
        ApiTransport transport = ApiTransport.connect(URI.create(server.url()),
                io.castellan.client.transport.TlsTrust.pinned(fp));
        SignedIn in = new VaultClient(transport, base).login("admin@router.bench", ADMIN_PASSWORD.clone(), null);
        return new VaultClient(transport, base.withSession(in.email(), in.userUid(), in.session(),
                in.sessionDataKey(), in.encryptedPrivateKey(), in.publicKey()));
    }

    /** Adds and binds N gateways (gateway_add, then the SDK's first get_secret), as 'pam gateway new -c' does. */
    private static List<RouterClientSettings> provision(CastellanServer server, VaultClient admin, int n) {
        long t0 = System.nanoTime();
        String fp = server.tlsMaterial().fingerprintSha256();
        List<RouterClientSettings> out = new ArrayList<>();
        try (UserKeyring keyring = admin.session().unlock(admin.config())) {
            admin.secretsManager().create(keyring, "router bench");
            try (Apps apps = admin.secretsManager().list(keyring)) {
                SecretsManagerApp app = apps.resolve("router bench");
                for (int i = 0; i < n; i++) {
                    try (IssuedGateway g = admin.gateways().add(app, new NewClient("gw-" + i, ClientKind.GATEWAY,
                            false, Instant.now().plus(Duration.ofHours(1)), null))) {
                        SecretsManagerOptions options = SecretsManagerOptions.builder()
                                .hostName("127.0.0.1:" + server.port())
                                .tls(io.castellan.sdk.transport.TlsTrust.pinned(fp))
                                .storage(new InMemoryConfigStorage()).build();
                        try (SecretsManager sm = SecretsManager.initialize(
                                Base64s.encodeWebSafe(g.client().token().clientKey()), options)) {
                            sm.getSecrets();
                            ClientConfig c = sm.config();
                            out.add(new RouterClientSettings(URI.create(server.url()),
                                    io.castellan.sdk.transport.TlsTrust.pinned(fp).sslContext(),
                                    c.require(ClientConfig.CLIENT_ID), EcKeys.privateKeyFromPkcs8(
                                            Base64s.decode(c.require(ClientConfig.PRIVATE_KEY))),
                                    "bench/1", Instant.now(), List.of("noop")));
                        }
                    }
                }
            }
        }
        System.out.printf("provisioned %d gateways in %s%n", n, Stats.fmtS(Stats.seconds(System.nanoTime() - t0)));
        return out;
    }

    private static void roundTrips(CastellanServer server, RouterClientSettings s, int trips, Report report)
            throws Exception {
        try (RouterClient c = new RouterClient(s, new NoopSink())) {
            c.start();
            awaitAll(List.of(c), server, Duration.ofSeconds(30));
            JobService jobs = server.router().jobs();
            String gatewayUid = server.router().liveGatewayUids().get(0);
            long[] samples = new long[trips];
            for (int i = -200; i < trips; i++) {
                long t = System.nanoTime();
                StoredJob job = jobs.submit(new JobRequest(gatewayUid, CommandType.NOOP, List.of(), Map.of(),
                        Duration.ofSeconds(10), true, "bench"));
                StoredJob done = jobs.await(job.id(), Duration.ofSeconds(10));
                if (done.state() != JobState.SUCCEEDED) {
                    throw new IllegalStateException("round trip ended " + done.state());
                }
                if (i >= 0) {
                    samples[i] = System.nanoTime() - t;
                }
            }
            Arrays.sort(samples);
            double p50 = Stats.ms(Stats.percentile(samples, 50));
            double p99 = Stats.ms(Stats.percentile(samples, 99));
            report.add("sqlite", "command round trip p50", Stats.fmtMs(p50), "<= " + TARGET_P50_MS + " ms", "-", "-",
                    p50 <= TARGET_P50_MS ? "PASS" : "FAIL");
            report.add("sqlite", "command round trip p99", Stats.fmtMs(p99));
        }
    }

    private static long awaitAll(List<RouterClient> clients, CastellanServer server, Duration max)
            throws InterruptedException {
        long t0 = System.nanoTime();
        awaitAll(clients, max);
        while (server.router().openSockets() < clients.size()) {
            if (System.nanoTime() - t0 > max.toNanos()) {
                throw new IllegalStateException("the server holds fewer sockets than connected gateways");
            }
            Thread.sleep(20);
        }
        return System.nanoTime() - t0;
    }

    private static void awaitAll(List<RouterClient> clients, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (clients.stream().anyMatch(c -> !c.connected())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(clients.stream().filter(c -> !c.connected()).count()
                        + " gateways not connected within " + max);
            }
            Thread.sleep(20);
        }
    }

    private static void awaitNone(List<RouterClient> clients, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (clients.stream().anyMatch(RouterClient::connected)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gateways still connected " + max + " after the server stopped");
            }
            Thread.sleep(20);
        }
    }

    /** Succeeds every command at once. */
    private static final class NoopSink implements CommandSink {
        @Override
        public void accept(Command command, JobReporter reporter) {
            reporter.report(new JobUpdate(command.jobId(), JobState.SUCCEEDED, "ok", Map.of()));
        }

        @Override
        public int runningJobs() {
            return 0;
        }
    }
}
