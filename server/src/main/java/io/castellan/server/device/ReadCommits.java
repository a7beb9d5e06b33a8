package io.castellan.server.device;

import io.castellan.model.error.CastellanException;
import io.castellan.store.BatchedRun;
import io.castellan.store.Store;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;

/**
 * Group commit of the one write of each {@code get_secret} (its replay mark, last-seen touch and
 * {@code device_secrets_read} audit event): the writes of requests that arrive while a commit is in flight are run,
 * each on its own, in one write transaction, so N concurrent reads cost one commit (one WAL flush, one hold of the
 * audit chain's lock) instead of N.
 *
 * <p>Leader and followers, no thread of its own: a request queues its work; if no commit is running it becomes the
 * committer and takes the queue (at most {@link #MAX_BATCH} entries, oldest first), otherwise it waits for the running
 * commit to end and tries again. No delay is added to gather a batch: a request waits at most for the commit in
 * flight and then its own (plus one more per {@code MAX_BATCH} requests queued ahead of it), and a lone request
 * commits at once, as before.
 *
 * <p>What each request keeps: a failure of its own work (a replayed transmission key, an audit event that cannot be
 * written) fails only its request. The batch first runs plainly; if an entry fails, that transaction is rolled back
 * and the batch runs again with each entry in a savepoint of its own (savepoints cost two round trips each on
 * PostgreSQL, so they are paid only when something failed), where a failure rolls back only its entry's part. Each
 * request's audit event is appended to the hash chain like any other (the plain batch is a store {@code BatchedRun}:
 * its first append locks the chain and reads its tip, the rest chain on, and the marks and events are written as one
 * JDBC batch each before the commit, so sequence numbers stay gap-free and in commit order). {@link #commit}
 * returns only after the transaction that holds the request's writes committed, and throws if it did not: no answer
 * without a committed mark and audit event (fail closed). A batch is one transaction on the store's writer, so the
 * replay argument of docs/security.md holds unchanged: the mark is in the shared table, uncommitted marks block a
 * concurrent insert of the same hash on another node, and within a batch a second use of a key meets the first's
 * row.
 */
final class ReadCommits {

    /** The most writes one transaction carries; more queued requests wait for the next commit. */
    static final int MAX_BATCH = 64;

    private static final String SAVEPOINT = "device_read";

    private final Store store;
    private final int maxBatch;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition commitEnded = lock.newCondition();
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private boolean committing;

    /** One request's write; its fields are guarded by {@link #lock} once queued. */
    private static final class Entry {
        final Runnable work;
        boolean done;
        boolean committed;
        RuntimeException ownFailure;
        RuntimeException batchFailure;

        Entry(Runnable work) {
            this.work = work;
        }
    }

    ReadCommits(Store store) {
        this(store, MAX_BATCH);
    }

    ReadCommits(Store store, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.store = store;
        this.maxBatch = maxBatch;
    }

    /**
     * Runs {@code work} (database writes only: it may run on another request's thread) in a write transaction shared
     * with the requests that arrive together, and returns once that transaction committed.
     *
     * @throws RuntimeException what {@code work} threw (only its own part was rolled back), or a failure of the
     *                          shared transaction (nothing of it was committed)
     */
    void commit(Runnable work) {
        Entry mine = new Entry(work);
        lock.lock();
        try {
            queue.add(mine);
            while (!mine.done) {
                if (committing) {
                    commitEnded.awaitUninterruptibly();
                    continue;
                }
                committing = true;
                List<Entry> batch = take();
                lock.unlock();
                try {
                    run(batch);
                } finally {
                    lock.lock();
                    committing = false;
                    batch.forEach(e -> e.done = true);
                    commitEnded.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        outcome(mine);
    }

    /** How many requests wait for a commit (not counting the batch being committed); for tests. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private List<Entry> take() {
        List<Entry> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
        while (!queue.isEmpty() && batch.size() < maxBatch) {
            batch.add(queue.poll());
        }
        return batch;
    }

    /** Runs the batch in one transaction; records, per entry, its own failure or whether it committed. */
    private void run(List<Entry> batch) {
        try {
            store.write(h -> {
                if (batch.size() == 1) {
                    // alone: the transaction is its own, its failure rolls it all back (no savepoint needed)
                    Entry alone = batch.get(0);
                    try {
                        alone.work.run();
                    } catch (RuntimeException failure) {
                        alone.ownFailure = failure;
                        throw failure;
                    }
                } else {
                    // optimistic: no savepoints (two round trips each on PostgreSQL) while no entry fails; any
                    // failure rolls it all back, so the appends may chain to each other and the marks and events
                    // be written as one batch each when the entries ran (BatchedRun)
                    BatchedRun.run(() -> batch.forEach(e -> e.work.run()));
                }
                return null;
            });
            batch.forEach(e -> e.committed = true);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).batchFailure = e;
                return;
            }
            // Some entry failed (a replay, most likely) and the whole transaction rolled back: run the batch again,
            // each entry in its own savepoint, so only the failing ones fail. Work only touches the database, and
            // nothing of the first attempt was committed, so running it again is safe.
            runWithSavepoints(batch);
        }
    }

    private void runWithSavepoints(List<Entry> batch) {
        try {
            store.write(h -> {
                batch.forEach(e -> runInSavepoint(h, e));
                return null;
            });
            batch.forEach(e -> e.committed = e.ownFailure == null);
        } catch (RuntimeException | Error e) {
            RuntimeException failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            batch.forEach(entry -> entry.batchFailure = failure);
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    private static void runInSavepoint(Handle h, Entry e) {
        h.savepoint(SAVEPOINT);
        try {
            e.work.run();
        } catch (RuntimeException failure) {
            // (JDBI forgets the savepoint here; the database keeps it, harmlessly, until the commit)
            h.rollbackToSavepoint(SAVEPOINT);
            e.ownFailure = failure;
            return;
        }
        h.release(SAVEPOINT);
    }

    /** Returns if the entry's writes committed; throws its failure (a fresh exception when it is shared) otherwise. */
    private static void outcome(Entry e) {
        if (e.committed) {
            return;
        }
        if (e.ownFailure != null) {
            throw e.ownFailure;
        }
        RuntimeException shared = e.batchFailure;
        if (shared instanceof CastellanException c) {
            throw new CastellanException(c.code(), c.getMessage(), c.details(), c);
        }
        throw new IllegalStateException("the read's write transaction did not commit", shared);
    }
}
