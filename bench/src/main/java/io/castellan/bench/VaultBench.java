package io.castellan.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.client.VaultClient;
import io.castellan.client.api.ApiSession;
import io.castellan.client.api.SignedIn;
import io.castellan.client.config.CliConfig;
import io.castellan.client.crypto.KeyWrap;
import io.castellan.client.crypto.RecordCrypto;
import io.castellan.client.keys.AccountKeys;
import io.castellan.client.keys.AccountMaterial;
import io.castellan.client.keys.DerivedKeys;
import io.castellan.client.keys.IterationPolicy;
import io.castellan.client.keys.UserKeyring;
import io.castellan.client.transport.ApiTransport;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultRecord;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.record.RecordData;
import io.castellan.store.HolderKind;
import io.castellan.store.RecordKey;
import io.castellan.store.VaultViewRepository;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The vault benchmark against one store: login (client KDF vs. the rest, with the OpenSSL peer), a full sync of N
 * records (with the JDBC + JCA peer), and {@code record_get} throughput and latency at several concurrencies (with
 * the plain-JDBC peer). Everything goes through a real {@link VaultClient} to a real in-process server over HTTPS.
 */
final class VaultBench {

    static final String USER_EMAIL = "bench@bench.castellan.test";
    static final String USER_PASSWORD = "correct horse battery staple 42";
    static final int ITERATIONS = AccountKeys.DEFAULT_ITERATIONS;
    static final double SYNC_TARGET_SECONDS = 10.0;

    private final Options options;
    private final Report report;
    private final PrintStream log;

    VaultBench(Options options, Report report, PrintStream log) {
        this.options = options;
        this.report = report;
        this.log = log;
    }

    void run(BenchServer.Kind kind) throws Exception {
        long t0 = System.nanoTime();
        try (BenchServer server = BenchServer.start(kind)) {
            String store = server.label();
            log.printf("[%s] server on %s (store: %s)%n", store, server.url, server.server.storeDescription());
            VaultClient admin = server.bootstrapAdmin();
            String invite = admin.enterprise().addUser(USER_EMAIL);
            VaultClient anonymous = new VaultClient(server.newTransport(), server.baseConfig());
            anonymous.register(USER_EMAIL, invite, AccountMaterial.create(USER_PASSWORD.toCharArray(), ITERATIONS));

            login(server, store);

            SignedIn in = anonymous.login(USER_EMAIL, USER_PASSWORD.toCharArray(), null);
            CliConfig session = server.sessionConfig(in);
            VaultClient user = new VaultClient(server.newTransport(), session);

            List<String> uids = createRecords(server, session, store);
            sync(server, user, session, in.userUid(), uids.size(), store);
            reads(server, session, in.userUid(), uids, store);
            user.logout();
        }
        log.printf("[%s] done in %.0f s%n", kind.name().toLowerCase(Locale.ROOT), Stats.seconds(System.nanoTime() - t0));
    }

    // ---------------------------------------------------------------------------------------------------- login

    private void login(BenchServer server, String store) throws Exception {
        int reps = options.loginReps();
        log.printf("[%s] login: %d repetitions (PBKDF2 %,d iterations), then the python3/OpenSSL peer%n", store,
                reps, ITERATIONS);
        ApiTransport transport = server.newTransport();
        VaultClient client = new VaultClient(transport, server.baseConfig());
        ObjectNode startRequest = JsonNodeFactory.instance.objectNode().put("email", USER_EMAIL);
        byte[] salt = Base64s.decode(transport.call("login_start", startRequest).get("salt").asText());

        // Untimed: warms the JIT for HMAC-SHA256 and gives the master key to check the peer against.
        byte[] ourMasterKey = AccountKeys.masterKey(USER_PASSWORD.toCharArray(), salt, ITERATIONS);

        List<Double> kdf = new ArrayList<>();
        List<Double> rest = new ArrayList<>();
        List<Double> total = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            // AccountApi.prepareLogin + login, taken apart so the KDF is timed on its own:
            long a = System.nanoTime();
            ObjectNode start = transport.call("login_start", startRequest);
            long b = System.nanoTime();
            int iterations = IterationPolicy.check(start.get("iterations").asInt());
            DerivedKeys keys = AccountKeys.derive(USER_PASSWORD.toCharArray(),
                    Base64s.decode(start.get("salt").asText()), iterations);
            long c = System.nanoTime();
            SignedIn in;
            try (keys) {
                in = client.account().login(USER_EMAIL, keys, null);
            }
            long d = System.nanoTime();
            kdf.add(Stats.ms(c - b));
            rest.add(Stats.ms((b - a) + (d - c)));
            total.add(Stats.ms(d - a));
            new VaultClient(transport, server.sessionConfig(in)).logout();
        }
        PeerKdf.Result peer = PeerKdf.run(USER_PASSWORD.getBytes(StandardCharsets.UTF_8), salt, ITERATIONS, reps);
        if (!Arrays.equals(peer.key(), ourMasterKey)) {
            throw new IllegalStateException("the python3 peer derived a different key: the comparison is void");
        }
        double ours = Stats.median(kdf);
        double theirs = Stats.median(peer.millis());
        log.printf("[%s]   kdf %s, peer %s, rest %s%n", store, samples(kdf), samples(peer.millis()), samples(rest));
        report.add(store, "login: client KDF (PBKDF2-SHA256 1M, AccountKeys)", Stats.fmtMs(ours), "-",
                Stats.fmtMs(theirs) + " (python3/OpenSSL)", Stats.fmtRatio(ours / theirs), "-");
        report.add(store, "login: rest (login_start + login round trips, verify)", Stats.fmtMs(Stats.median(rest)));
        report.add(store, "login: total (median of " + reps + ")", Stats.fmtMs(Stats.median(total)));
    }

    // ---------------------------------------------------------------------------------------------------- setup

    /** Creates the records through record_add from several clients at once (there is no batch command). */
    private List<String> createRecords(BenchServer server, CliConfig session, String store) throws Exception {
        if (!options.seedThroughApi()) {
            return seedStore(server, session, store);
        }
        int n = options.records();
        int writers = Math.max(1, Math.min(options.writers(), n));
        log.printf("[%s] setup: creating %,d records with record_add from %d clients%n", store, n, writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<String> uids = Collections.synchronizedList(new ArrayList<>(n));
        long start = System.nanoTime();
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int first = w;
                work.add(() -> {
                    VaultClient client = new VaultClient(server.newTransport(), session);
                    try (Vault keysOnly = keysOnlyVault(client, session)) {
                        SplittableRandom random = new SplittableRandom(first);
                        for (int i = first; i < n; i += writers) {
                            uids.add(client.records().add(keysOnly, sampleRecord(i, random), null, List.of()).uid());
                            int done = uids.size();
                            if (done % 2000 == 0) {
                                log.printf("[%s]   %,d records%n", store, done);
                            }
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(work)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = Stats.seconds(System.nanoTime() - start);
        report.add(store, String.format(Locale.ROOT, "setup: record_add x %,d (%d clients; not a target)", n,
                writers), Stats.fmtS(seconds) + " (" + Stats.fmtRate(n / seconds) + ")");
        List<String> sorted = new ArrayList<>(uids);
        Collections.sort(sorted);
        return sorted;
    }

    /**
     * {@code --seed store}: the same records, encrypted by the client's own code exactly as record_add would carry
     * them, written straight into the server's store in large transactions (no API, no audit events).
     */
    private List<String> seedStore(BenchServer server, CliConfig session, String store) {
        int n = options.records();
        log.printf("[%s] setup: writing %,d client-encrypted records straight into the store (--seed store)%n",
                store, n);
        long start = System.nanoTime();
        List<String> uids = new ArrayList<>(n);
        VaultClient client = new VaultClient(server.newTransport(), session);
        String owner = session.userUid();
        try (UserKeyring keyring = client.session().unlock(session)) {
            SplittableRandom random = new SplittableRandom(1);
            for (int from = 0; from < n; from += 1000) {
                int to = Math.min(n, from + 1000);
                List<Object[]> rows = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    try (SecretBytes key = RecordCrypto.newRecordKey()) {
                        rows.add(new Object[] {Uids.newUid(), RecordCrypto.encrypt(sampleRecord(i, random),
                                key.bytes()), KeyWrap.withDataKey(keyring, key.bytes())});
                    }
                }
                server.store.write(h -> {
                    for (Object[] r : rows) {
                        server.store.records().insert((String) r[0], owner, Optional.empty(), (byte[]) r[1]);
                        server.store.recordKeys().put(new RecordKey((String) r[0], HolderKind.USER, owner,
                                (byte[]) r[2], true, true, Optional.empty()));
                    }
                    return null;
                });
                rows.forEach(r -> uids.add((String) r[0]));
            }
        }
        double seconds = Stats.seconds(System.nanoTime() - start);
        report.add(store, String.format(Locale.ROOT, "setup: %,d rows written to the store (--seed store)", n),
                Stats.fmtS(seconds) + " (" + Stats.fmtRate(n / seconds) + ")");
        Collections.sort(uids);
        return uids;
    }

    /** A vault holding only the unlocked keys: enough for record_add and record_get, without a full sync. */
    private static Vault keysOnlyVault(VaultClient client, CliConfig session) {
        UserKeyring keyring = client.session().unlock(session);
        return new Vault(keyring, List.of(), List.of(), List.of(), List.of());
    }

    /** A typical login record: title, login, password, URL, a one-line note (about 300 bytes of JSON). */
    static RecordData sampleRecord(int i, SplittableRandom random) {
        RecordData r = RecordData.create("login", String.format(Locale.ROOT, "db-%05d.prod.example.internal", i));
        r.setFieldValue("login", null, "svc_app_" + i);
        r.setFieldValue("password", null, randomPassword(random));
        r.setFieldValue("url", null, String.format(Locale.ROOT, "postgresql://db-%05d.prod.example.internal:5432/app",
                i));
        r.setNotes("Service account for the application database; rotated by the gateway. Owner: platform team.");
        return r;
    }

    private static String randomPassword(SplittableRandom random) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+-.=@^_";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    // ----------------------------------------------------------------------------------------------------- sync

    private void sync(BenchServer server, VaultClient user, CliConfig session, String userUid, int n, String store)
            throws Exception {
        int reps = options.syncReps();
        log.printf("[%s] sync of %,d records: %d repetitions, then the split, then the JDBC + AES-GCM peer%n", store,
                n, reps);
        String target = "<= " + Stats.fmtTarget(SYNC_TARGET_SECONDS);

        // 1. The real thing: VaultClient.sync() = whoami (unlock the keys) + sync_down + decrypting every entry.
        List<Double> total = new ArrayList<>();
        List<Long> peaks = new ArrayList<>();
        List<Long> retained = new ArrayList<>();
        List<Long> allocated = new ArrayList<>();
        String failure = null;
        for (int i = 0; i < reps && failure == null; i++) {
            long before = HeapProbe.usedAfterGc();
            HeapProbe.resetPeak();
            long alloc0 = HeapProbe.threadAllocated();
            long t0 = System.nanoTime();
            Vault vault;
            try {
                vault = user.sync();
            } catch (CastellanException e) {
                failure = e.code().code() + ": " + e.getMessage();
                log.printf("[%s]   VaultClient.sync() FAILED: %s%n", store, failure);
                break;
            }
            long t1 = System.nanoTime();
            long alloc1 = HeapProbe.threadAllocated();
            long peak = HeapProbe.peakUsed();
            try (vault) {
                checkVault(vault, n);
                retained.add(HeapProbe.usedAfterGc() - before);
            }
            total.add(Stats.seconds(t1 - t0));
            peaks.add(peak);
            allocated.add(alloc1 - alloc0);
            log.printf("[%s]   sync %d: %s, peak heap %s%n", store, i + 1, Stats.fmtS(Stats.seconds(t1 - t0)),
                    Stats.fmtMb(peak));
        }

        // 2. The parts: the round trip through ApiSession, the store's queries in-process; the client's decryption is
        // what remains of the total. Only meaningful when the real sync worked.
        if (failure != null) {
            report.add(store, String.format(Locale.ROOT, "sync %,d: VaultClient.sync()", n), "FAILED", target, "-",
                    "-", "FAIL");
            report.note("[" + store + "] VaultClient.sync() failed: " + failure);
            return;
        }
        ApiSession apiSession = new ApiSession(user.transport(), session.session());
        VaultViewRepository views = new VaultViewRepository(server.store.transactions());
        List<Double> unlock = new ArrayList<>();
        List<Double> fetch = new ArrayList<>();
        List<Double> queries = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            long a = System.nanoTime();
            UserKeyring keyring = user.session().unlock(session);
            long b = System.nanoTime();
            ObjectNode answer = apiSession.call("sync_down", JsonNodeFactory.instance.objectNode());
            long c = System.nanoTime();
            if (answer.path("records").size() != n) {
                throw new IllegalStateException("sync_down returned " + answer.path("records").size() + " records");
            }
            unlock.add(Stats.ms(b - a));
            fetch.add(Stats.seconds(c - b));
            keyring.close();
            // The same set-based queries SyncCommand runs, in one read transaction, in-process (no HTTP).
            long f = System.nanoTime();
            Instant now = Instant.now();
            int rows = server.store.read(h -> views.grants(userUid, now).size() + views.visibleLinks(userUid, now)
                    .size() + views.visibleAttachments(userUid, now).size() + views.folders(userUid).size()
                    + views.membersOfManagedFolders(userUid).size());
            long g = System.nanoTime();
            if (rows < n) {
                throw new IllegalStateException("the store returned " + rows + " rows");
            }
            queries.add(Stats.seconds(g - f));
        }

        // 3. The peer: the same rows by plain JDBC, opened with JCA AES-GCM.
        JdbcPeer peer = new JdbcPeer(server.peerJdbcUrl());
        byte[] dataKey;
        try (UserKeyring keyring = user.session().unlock(session)) {
            dataKey = keyring.dataKey().clone();
        }
        peer.readAndDecryptAll(userUid, dataKey); // warm-up
        List<Double> peerTimes = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            long a = System.nanoTime();
            int opened = peer.readAndDecryptAll(userUid, dataKey);
            peerTimes.add(Stats.seconds(System.nanoTime() - a));
            if (opened != n) {
                throw new IllegalStateException("the peer opened " + opened + " records, expected " + n);
            }
        }
        Arrays.fill(dataKey, (byte) 0);
        double theirs = Stats.median(peerTimes);
        String peerText = Stats.fmtS(theirs) + " (JDBC+AES-GCM)";

        String label = String.format(Locale.ROOT, "sync %,d: total, VaultClient.sync() (median of %d)", n, reps);
        double unlockS = Stats.median(unlock) / 1000;
        double fetchS = Stats.median(fetch);
        double ours = Stats.median(total);
        double decrypt = Math.max(0, ours - unlockS - fetchS);
        report.add(store, label, Stats.fmtS(ours), target, peerText, Stats.fmtRatio(ours / theirs),
                ours <= SYNC_TARGET_SECONDS ? "PASS" : "FAIL");
        report.add(store, "sync: first run (JIT colder)", Stats.fmtS(total.get(0)), target, "-", "-",
                total.get(0) <= SYNC_TARGET_SECONDS ? "PASS" : "FAIL");
        report.add(store, "sync: unlock (whoami)", Stats.fmtMs(Stats.median(unlock)));
        report.add(store, "sync: sync_down round trip (server+TLS+envelope+JSON)", Stats.fmtS(fetchS));
        report.add(store, "sync:   of which the store's queries (in-process)", Stats.fmtS(Stats.median(queries)));
        report.add(store, "sync: client decryption + vault build (total - above)", Stats.fmtS(decrypt));
        report.add(store, "sync: peak heap (whole JVM, server in it too)", Stats.fmtMb(median(peaks)));
        report.add(store, "sync: heap retained by the vault after GC", Stats.fmtMb(median(retained)));
        if (!allocated.isEmpty() && allocated.get(0) >= 0) {
            report.add(store, "sync: allocated by the client thread",
                    Stats.fmtMb(median(allocated)));
        }
    }

    private static void checkVault(Vault vault, int n) {
        if (vault.records().size() != n || !vault.problems().isEmpty()) {
            throw new IllegalStateException("the vault has " + vault.records().size() + " records and "
                    + vault.problems().size() + " problems; expected " + n + " and none");
        }
    }

    private static long median(List<Long> values) {
        return (long) Stats.median(values.stream().map(Long::doubleValue).toList());
    }

    // ---------------------------------------------------------------------------------------------------- reads

    private void reads(BenchServer server, CliConfig session, String userUid, List<String> uids, String store)
            throws Exception {
        JdbcPeer peer = new JdbcPeer(server.peerJdbcUrl());
        for (int clients : options.concurrency()) {
            log.printf("[%s] record_get: %d client(s) for %.0f s, then the JDBC peer%n", store, clients,
                    options.seconds());
            List<VaultClient> vaultClients = new ArrayList<>();
            List<Vault> vaults = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                VaultClient client = new VaultClient(server.newTransport(), session);
                vaultClients.add(client);
                vaults.add(keysOnlyVault(client, session));
            }
            try {
                // warm-up (untimed): connections, TLS sessions, JIT
                readFor(vaultClients, vaults, uids, Math.min(2.0, options.seconds() / 4), 99);
                ReadRun ours = readFor(vaultClients, vaults, uids, options.seconds(), 7);
                long[] lat = Stats.merged(ours.latencies());
                double rate = ours.count() / Stats.seconds(ours.wallNanos());

                // The peer reads as many rows, in the same order, at the same concurrency.
                JdbcPeer.Reads jdbc = peer.singleRowReads(userUid, ours.order(), clients);
                long[] peerLat = Stats.merged(jdbc.latencies());
                double peerRate = jdbc.perSecond();
                String who = clients == 1 ? "1 client" : clients + " clients";
                report.add(store, "record_get, " + who + ": throughput", Stats.fmtRate(rate), "-",
                        Stats.fmtRate(peerRate) + " (JDBC)", Stats.fmtRatio(peerRate / rate), "-");
                report.add(store, "record_get, " + who + ": p50 latency",
                        Stats.fmtMs(Stats.ms(Stats.percentile(lat, 50))), "-",
                        Stats.fmtMs(Stats.ms(Stats.percentile(peerLat, 50))), Stats.fmtRatio(
                                (double) Stats.percentile(lat, 50) / Stats.percentile(peerLat, 50)), "-");
                report.add(store, "record_get, " + who + ": p99 latency",
                        Stats.fmtMs(Stats.ms(Stats.percentile(lat, 99))), "-",
                        Stats.fmtMs(Stats.ms(Stats.percentile(peerLat, 99))), Stats.fmtRatio(
                                (double) Stats.percentile(lat, 99) / Stats.percentile(peerLat, 99)), "-");
                log.printf("[%s]   %,d reads: %s, p50 %s, p99 %s; peer %s%n", store, ours.count(),
                        Stats.fmtRate(rate), Stats.fmtMs(Stats.ms(Stats.percentile(lat, 50))),
                        Stats.fmtMs(Stats.ms(Stats.percentile(lat, 99))), Stats.fmtRate(peerRate));
            } finally {
                vaults.forEach(Vault::close);
            }
        }
    }

    /** What one timed read phase did: per-thread latencies, the UIDs read (in order), and the wall time. */
    record ReadRun(List<long[]> latencies, List<String> order, long wallNanos, int count) {
    }

    /** Each client reads random records with record_get (fetch + decrypt) until the time is up. */
    private static ReadRun readFor(List<VaultClient> clients, List<Vault> vaults, List<String> uids, double seconds,
            long seed) throws Exception {
        int n = clients.size();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            List<Callable<List<Object>>> work = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                VaultClient client = clients.get(c);
                Vault vault = vaults.get(c);
                SplittableRandom random = new SplittableRandom(seed * 1000 + c);
                work.add(() -> {
                    long[] lat = new long[1024];
                    List<String> read = new ArrayList<>();
                    int count = 0;
                    while (System.nanoTime() < deadline) {
                        String uid = uids.get(random.nextInt(uids.size()));
                        long t0 = System.nanoTime();
                        try (VaultRecord record = client.records().get(vault, uid)) {
                            if (!record.uid().equals(uid)) {
                                throw new IllegalStateException("record_get returned another record");
                            }
                        }
                        long t = System.nanoTime() - t0;
                        if (count == lat.length) {
                            lat = Arrays.copyOf(lat, count * 2);
                        }
                        lat[count++] = t;
                        read.add(uid);
                    }
                    return List.of(Arrays.copyOf(lat, count), read);
                });
            }
            List<Future<List<Object>>> futures = pool.invokeAll(work);
            long wall = System.nanoTime() - start;
            List<long[]> latencies = new ArrayList<>();
            List<String> order = new ArrayList<>();
            List<List<String>> perClient = new ArrayList<>();
            for (Future<List<Object>> f : futures) {
                List<Object> r = f.get();
                latencies.add((long[]) r.get(0));
                @SuppressWarnings("unchecked")
                List<String> read = (List<String>) r.get(1);
                perClient.add(read);
            }
            // interleave round-robin so the peer's threads get the same reads as our clients did
            int longest = perClient.stream().mapToInt(List::size).max().orElse(0);
            for (int i = 0; i < longest; i++) {
                for (List<String> read : perClient) {
                    if (i < read.size()) {
                        order.add(read.get(i));
                    }
                }
            }
            return new ReadRun(latencies, order, wall, order.size());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String samples(List<Double> ms) {
        return ms.stream().map(Stats::fmtMs).toList().toString();
    }
}
