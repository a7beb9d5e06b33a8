package io.castellan.server.http;

import java.util.Map;

/** Renders {@code /metrics} in the Prometheus text exposition format (version 0.0.4). */
final class PrometheusText {

    /** Job states that end a rotation, and the outcome label each one gets. */
    private static final Map<String, String> ROTATION_OUTCOMES = Map.of("succeeded", "succeeded", "failed", "failed",
            "rejected", "rejected", "timed_out", "timed_out");
    private static final String ROTATE = "rotate";

    private PrometheusText() {
    }

    /** @param store the store's figures, or {@code null} when the store is absent or did not answer */
    static String render(StoreMetrics store, ApiLatency latency) {
        StringBuilder out = new StringBuilder(4096);
        gauge(out, "castellan_store_up", "Whether the store answered this scrape.", store == null ? 0 : 1);
        if (store != null) {
            gauge(out, "castellan_gateways_online", "Gateways connected to the Router (any node).",
                    store.gatewaysOnline());
            out.append("# HELP castellan_jobs Gateway jobs by command and state.\n# TYPE castellan_jobs gauge\n");
            store.jobs().forEach((command, states) -> states.forEach((state, n) -> out.append("castellan_jobs{command=\"")
                    .append(command).append("\",state=\"").append(state).append("\"} ").append(n).append('\n')));
            out.append("# HELP castellan_rotations_total Finished rotations by outcome.\n")
                    .append("# TYPE castellan_rotations_total counter\n");
            Map<String, Long> rotations = store.jobs().getOrDefault(ROTATE, Map.of());
            ROTATION_OUTCOMES.keySet().stream().sorted().forEach(state -> out.append("castellan_rotations_total{outcome=\"")
                    .append(ROTATION_OUTCOMES.get(state)).append("\"} ").append(rotations.getOrDefault(state, 0L))
                    .append('\n'));
            gauge(out, "castellan_tunnels_open", "Open tunnels (tunnels come with a later release: always 0).", 0);
        }
        latency.render(out);
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(value).append('\n');
    }
}
