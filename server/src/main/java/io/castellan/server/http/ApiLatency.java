package io.castellan.server.http;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram of request durations, one series per API (user, device, router, system), with fixed
 * buckets from 5 ms to 10 s. Lock-free (one {@link LongAdder} per bucket), so timing every request costs nothing
 * measurable.
 */
public final class ApiLatency {

    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** Which API a request path belongs to; the label keeps the series few (never a path with ids in it). */
    public enum Api {
        USER, DEVICE, ROUTER, SYSTEM;

        static Api of(String path) {
            if (path.startsWith("/api/rest/sm/")) {
                return DEVICE;
            }
            if (path.startsWith("/api/gateway/") || path.startsWith("/api/router")) {
                return ROUTER;
            }
            if (path.startsWith("/api/")) {
                return USER;
            }
            return SYSTEM;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Series[] series = new Series[Api.values().length];

    public ApiLatency() {
        for (int i = 0; i < series.length; i++) {
            series[i] = new Series();
        }
    }

    /** Records one request of {@code path} that took {@code nanos}. */
    public void record(String path, long nanos) {
        series[Api.of(path).ordinal()].add(nanos);
    }

    /** Appends the histogram in the Prometheus text format. */
    void render(StringBuilder out) {
        String name = "castellan_http_request_duration_seconds";
        out.append("# HELP ").append(name).append(" Time to answer an HTTP request, by API.\n");
        out.append("# TYPE ").append(name).append(" histogram\n");
        for (Api api : Api.values()) {
            Series s = series[api.ordinal()];
            String label = "api=\"" + api.label() + "\"";
            long cumulative = 0;
            for (int b = 0; b < BUCKETS.length; b++) {
                cumulative += s.buckets[b].sum();
                out.append(name).append("_bucket{").append(label).append(",le=\"").append(BUCKETS[b]).append("\"} ")
                        .append(cumulative).append('\n');
            }
            cumulative += s.buckets[BUCKETS.length].sum();
            out.append(name).append("_bucket{").append(label).append(",le=\"+Inf\"} ").append(cumulative).append('\n');
            out.append(name).append("_sum{").append(label).append("} ").append(s.nanos.sum() / 1e9).append('\n');
            out.append(name).append("_count{").append(label).append("} ").append(cumulative).append('\n');
        }
    }

    private static final class Series {
        private final LongAdder[] buckets = new LongAdder[BUCKETS.length + 1];
        private final LongAdder nanos = new LongAdder();

        Series() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void add(long elapsedNanos) {
            double seconds = elapsedNanos / 1e9;
            int b = 0;
            while (b < BUCKETS.length && seconds > BUCKETS[b]) {
                b++;
            }
            buckets[b].increment();
            nanos.add(elapsedNanos);
        }
    }
}
