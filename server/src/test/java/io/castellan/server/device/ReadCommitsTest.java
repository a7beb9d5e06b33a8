package io.castellan.server.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.StoreAudit;
import io.castellan.store.AuditChainVerifier;
import io.castellan.store.AuditEvent;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import io.castellan.store.UsedTransmissionKeyRepository;
import io.castellan.testkit.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ReadCommits} on real stores (SQLite and PostgreSQL): requests that queue behind a running commit share the
 * next transaction, each entry's failure stays its own (a replayed mark, a failing write), batches are bounded, and
 * the audit chain appended by concurrent group commits verifies, gap-free.
 */
@Timeout(120)
class ReadCommitsTest {

    private static final PostgresTestDatabase DATABASE = PostgresTestDatabase.create();

    @TempDir
    Path dataDir;

    @AfterAll
    static void dropDatabase() {
        DATABASE.close();
    }

    private Store open(String dialect) {
        return Store.open(dialect.equals("sqlite") ? StoreConfig.embedded(dataDir.resolve("db"))
                : StoreConfig.of(dataDir.resolve("db"), DATABASE.newSchemaUrl()));
    }

    /**
     * Marks {@code key} used (refusing a replay, as the device replay guard does: in a batch, when the batch's marks
     * are written) and audits it.
     */
    private static Runnable markAndAudit(Store store, String key) {
        UsedTransmissionKeyRepository used = new UsedTransmissionKeyRepository(store.transactions());
        Audit audit = new StoreAudit(store.auditEvents(), Clock.systemUTC());
        return () -> {
            used.markUsedOrFail(key.getBytes(StandardCharsets.UTF_8), Instant.now().plusSeconds(60),
                    () -> new CastellanException(ErrorCode.REPLAYED_REQUEST, "replayed"));
            audit.record(DeviceAuditEvents.DEVICE_SECRETS_READ, key, null, List.of(key), Audit.SUCCESS);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void requestsQueuedBehindACommitShareTheNextTransactionAndFailOnlyOnTheirOwn(String dialect) throws Exception {
        try (Store store = open(dialect); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            ReadCommits commits = new ReadCommits(store);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> first = commitHeldOpen(pool, commits, markAndAudit(store, "first"), release);

            Map<String, Handle> handles = new ConcurrentHashMap<>();
            List<Future<?>> queued = new ArrayList<>();
            for (String key : List.of("a", "b", "boom", "a", "c")) {
                int before = commits.queued();
                queued.add(pool.submit(() -> commits.commit(() -> {
                    handles.put(key, store.write(h -> h)); // the last run of the batch is the one that commits
                    markAndAudit(store, key).run();
                    if (key.equals("boom")) {
                        throw new IllegalStateException("boom");
                    }
                })));
                awaitQueued(commits, before + 1);
            }
            release.countDown();
            first.get(30, TimeUnit.SECONDS);

            queued.get(0).get(30, TimeUnit.SECONDS);
            queued.get(1).get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> queued.get(2).get(30, TimeUnit.SECONDS)).hasRootCauseMessage("boom");
            assertThatThrownBy(() -> queued.get(3).get(30, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(CastellanException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.REPLAYED_REQUEST));
            queued.get(4).get(30, TimeUnit.SECONDS);

            assertThat(handles).hasSize(4);
            assertThat(handles.values()).as("the five queued writes ran in one transaction")
                    .allSatisfy(h -> assertThat(h).isSameAs(handles.get("a")));
            assertThat(actors(store)).as("the failed entries left no event; the others chained in queue order")
                    .containsExactly("first", "a", "b", "c");
            assertThat(marked(store, "boom")).as("the failing entry's mark was rolled back").isFalse();
            assertThat(marked(store, "a")).isTrue();
            assertThat(marked(store, "c")).isTrue();
            assertThat(AuditChainVerifier.firstBreak(chain(store))).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aReplayFoundWhenTheBatchIsWrittenFailsOnlyItsOwnRequest(String dialect) throws Exception {
        try (Store store = open(dialect); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            ReadCommits commits = new ReadCommits(store);
            commits.commit(markAndAudit(store, "old"));
            CountDownLatch release = new CountDownLatch(1);
            Future<?> first = commitHeldOpen(pool, commits, markAndAudit(store, "first"), release);
            // no entry throws while it runs: the replays ("x" again, "old" from an earlier commit) surface only when
            // the batch's marks are written, which fails the plain batch and reruns it entry by entry
            List<Future<?>> queued = new ArrayList<>();
            for (String key : List.of("x", "y", "x", "old")) {
                int before = commits.queued();
                queued.add(pool.submit(() -> commits.commit(markAndAudit(store, key))));
                awaitQueued(commits, before + 1);
            }
            release.countDown();
            first.get(30, TimeUnit.SECONDS);

            queued.get(0).get(30, TimeUnit.SECONDS);
            queued.get(1).get(30, TimeUnit.SECONDS);
            for (int replay : new int[] {2, 3}) {
                assertThatThrownBy(() -> queued.get(replay).get(30, TimeUnit.SECONDS)).cause()
                        .isInstanceOfSatisfying(CastellanException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.REPLAYED_REQUEST));
            }
            assertThat(actors(store)).containsExactly("old", "first", "x", "y");
            assertThat(marked(store, "y")).isTrue();
            assertThat(AuditChainVerifier.firstBreak(chain(store))).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aBatchCarriesAtMostMaxBatchWrites(String dialect) throws Exception {
        try (Store store = open(dialect); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            ReadCommits commits = new ReadCommits(store, 2);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> first = commitHeldOpen(pool, commits, () -> { }, release);
            Map<Integer, Handle> handles = new ConcurrentHashMap<>();
            List<Future<?>> queued = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                queued.add(pool.submit(() -> commits.commit(() -> handles.put(n, store.write(h -> h)))));
                awaitQueued(commits, i + 1);
            }
            release.countDown();
            first.get(30, TimeUnit.SECONDS);
            for (Future<?> f : queued) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(handles.get(0)).isSameAs(handles.get(1));
            assertThat(handles.get(2)).isSameAs(handles.get(3)).isNotSameAs(handles.get(1));
            assertThat(handles.get(4)).isNotSameAs(handles.get(3));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aLoneFailureRollsBackItsWritesAndThrowsItsOwnException(String dialect) {
        try (Store store = open(dialect)) {
            ReadCommits commits = new ReadCommits(store);
            commits.commit(markAndAudit(store, "k"));
            assertThatThrownBy(() -> commits.commit(markAndAudit(store, "k")))
                    .isInstanceOfSatisfying(CastellanException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.REPLAYED_REQUEST));
            RuntimeException boom = new IllegalStateException("boom");
            assertThatThrownBy(() -> commits.commit(() -> {
                markAndAudit(store, "j").run();
                throw boom;
            })).isSameAs(boom);
            assertThat(marked(store, "j")).isFalse();
            assertThat(actors(store)).containsExactly("k");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void concurrentGroupCommitsKeepTheAuditChainIntactAndGapFree(String dialect) throws Exception {
        int threads = 16;
        int each = 15;
        try (Store store = open(dialect)) {
            ReadCommits commits = new ReadCommits(store);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    pool.submit(() -> {
                        try {
                            for (int i = 0; i < each; i++) {
                                String key = thread + "-" + i;
                                commits.commit(markAndAudit(store, key));
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
            }
            assertThat(failure.get()).isNull();
            List<AuditEvent> chain = chain(store);
            assertThat(chain).hasSize(threads * each);
            assertThat(chain.getLast().seq()).isEqualTo(threads * each);
            assertThat(AuditChainVerifier.firstBreak(chain)).isEmpty();
            long marks = store.read(h -> h.createQuery("SELECT COUNT(*) FROM used_transmission_keys")
                    .mapTo(Long.class).one());
            assertThat(marks).isEqualTo(threads * each);
        }
    }

    /** Starts a commit that runs {@code work} and then keeps its transaction open until {@code release}. */
    private static Future<?> commitHeldOpen(ExecutorService pool, ReadCommits commits, Runnable work,
            CountDownLatch release) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Future<?> commit = pool.submit(() -> commits.commit(() -> {
            work.run();
            holding.countDown();
            await(release);
        }));
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        return commit;
    }

    private static void awaitQueued(ReadCommits commits, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (commits.queued() < n) {
            assertThat(System.nanoTime()).as("%d requests queued", n).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<AuditEvent> chain(Store store) {
        return store.auditEvents().range(1, Long.MAX_VALUE);
    }

    private static List<String> actors(Store store) {
        return chain(store).stream().map(e -> e.event().actor()).toList();
    }

    private static boolean marked(Store store, String key) {
        return store.read(h -> h.createQuery("SELECT COUNT(*) FROM used_transmission_keys WHERE hash = :hash")
                .bind("hash", key.getBytes(StandardCharsets.UTF_8))
                .mapTo(Long.class)
                .one()) == 1;
    }
}
