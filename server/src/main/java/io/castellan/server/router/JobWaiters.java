package io.castellan.server.router;

import io.castellan.store.StoredJob;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Callers on this node waiting for jobs to end, woken when a node announces the job finished. */
final class JobWaiters {

    private final ConcurrentHashMap<String, Set<CompletableFuture<StoredJob>>> waiting = new ConcurrentHashMap<>();

    CompletableFuture<StoredJob> register(String jobId) {
        CompletableFuture<StoredJob> f = new CompletableFuture<>();
        waiting.computeIfAbsent(jobId, k -> ConcurrentHashMap.newKeySet()).add(f);
        return f;
    }

    void remove(String jobId, CompletableFuture<StoredJob> f) {
        waiting.computeIfPresent(jobId, (k, set) -> {
            set.remove(f);
            return set.isEmpty() ? null : set;
        });
    }

    boolean anyFor(String jobId) {
        return waiting.containsKey(jobId);
    }

    void complete(StoredJob job) {
        Set<CompletableFuture<StoredJob>> set = waiting.remove(job.id());
        if (set != null) {
            set.forEach(f -> f.complete(job));
        }
    }
}
