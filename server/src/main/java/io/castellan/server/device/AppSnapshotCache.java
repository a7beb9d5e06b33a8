package io.castellan.server.device;

import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each application's last {@link AppSnapshot}, kept under the store's data epoch it was read at
 * ({@link io.castellan.store.DataEpoch}). A request reads the epoch in its own read transaction and is served the
 * kept snapshot only when the epoch is the same: then no change to anything the answer is built from has committed
 * since, on this node or any other sharing the database, so a removed grant or device-visible edit takes effect on
 * the next request exactly as without the cache. The cache only saves the queries.
 *
 * <p>Bounded by an estimate of the memory held ({@link #DEFAULT_BUDGET_BYTES}); past it, entries are dropped in no
 * particular order until a quarter of the budget is free. A snapshot larger than half the budget is not kept.
 */
final class AppSnapshotCache {

    /** Memory the kept snapshots may hold, estimated: 64 MiB (e.g. about 800 applications of 100 records each). */
    static final long DEFAULT_BUDGET_BYTES = 64L * 1024 * 1024;

    private record Entry(long epoch, AppSnapshot snapshot) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong held = new AtomicLong();
    private final long budget;

    AppSnapshotCache(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("the snapshot cache budget must not be negative");
        }
        this.budget = budgetBytes;
    }

    /** @return the snapshot kept for {@code appUid} if it was read at exactly {@code epoch} */
    Optional<AppSnapshot> get(String appUid, long epoch) {
        Entry e = entries.get(appUid);
        return e != null && e.epoch() == epoch ? Optional.of(e.snapshot()) : Optional.empty();
    }

    /** Keeps {@code snapshot}, read at {@code epoch}, unless a snapshot read at a later epoch is already kept. */
    void put(String appUid, long epoch, AppSnapshot snapshot) {
        if (snapshot.bytes() > budget / 2) {
            return;
        }
        Entry fresh = new Entry(epoch, snapshot);
        Entry[] replaced = new Entry[1];
        Entry kept = entries.compute(appUid, (uid, old) -> {
            if (old != null && old.epoch() > epoch) {
                return old;
            }
            replaced[0] = old;
            return fresh;
        });
        if (kept != fresh) {
            return;
        }
        long now = held.addAndGet(snapshot.bytes() - (replaced[0] == null ? 0 : replaced[0].snapshot().bytes()));
        if (now > budget) {
            shrink();
        }
    }

    /** @return the estimated bytes held */
    long heldBytes() {
        return held.get();
    }

    /** @return the number of applications with a snapshot kept */
    int size() {
        return entries.size();
    }

    private void shrink() {
        Iterator<java.util.Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (held.get() > budget - budget / 4 && it.hasNext()) {
            java.util.Map.Entry<String, Entry> e = it.next();
            if (entries.remove(e.getKey(), e.getValue())) {
                held.addAndGet(-e.getValue().snapshot().bytes());
            }
        }
    }
}
