package io.castellan.server;

import io.castellan.server.http.StoreMetrics;
import io.castellan.store.Store;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@link StoreMetrics} with two aggregate queries (the job table is indexed by state; the connection table
 * has a row per online gateway). Aggregates only: no record, user or secret is read.
 */
final class StoreMetricsReader {

    private StoreMetricsReader() {
    }

    static StoreMetrics read(Store store) {
        return store.read(h -> {
            long online = h.createQuery("SELECT COUNT(*) FROM gateway_connections").mapTo(Long.class).one();
            Map<String, Map<String, Long>> jobs = new TreeMap<>();
            h.createQuery("SELECT command, state, COUNT(*) AS n FROM gateway_jobs GROUP BY command, state")
                    .map((rs, ctx) -> {
                        jobs.computeIfAbsent(rs.getString("command"), c -> new TreeMap<>())
                                .put(rs.getString("state"), rs.getLong("n"));
                        return null;
                    }).list();
            return new StoreMetrics(online, jobs);
        });
    }

    /**
     * Whether the store answers a query now and its migrations are applied ({@link Store#open} applies them all or
     * refuses to open; a schema version above zero shows the history table is there and complete).
     */
    static boolean ready(Store store) {
        try {
            return store.schemaVersion() > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
