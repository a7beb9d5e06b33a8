package io.castellan.server.http;

import io.castellan.server.keys.TransmissionKey;
import io.castellan.server.keys.TransmissionKeys;
import io.castellan.server.tls.TlsMaterial;
import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Unauthenticated endpoints every deployment needs: liveness, readiness, and the server's public keys.
 *
 * <ul>
 *   <li>{@code GET /healthz}: the process serves HTTP (for restarts by an orchestrator).</li>
 *   <li>{@code GET /readyz}: the store answers a query and its migrations are applied, so requests can be served
 *       (for load balancers).</li>
 *   <li>{@code GET /metrics}: Prometheus text: gateways online, jobs by command and state, rotations by outcome,
 *       request latency by API. Counts only, never an id or a secret.</li>
 *   <li>{@code GET /.well-known/castellan/server-keys}: the transmission public keys clients seal to, and the TLS
 *       certificate fingerprint clients can pin.</li>
 * </ul>
 */
public final class SystemRoutes {

    public static final String HEALTH = "/healthz";
    public static final String READY = "/readyz";
    public static final String METRICS = "/metrics";
    public static final String SERVER_KEYS = "/.well-known/castellan/server-keys";

    private static final String STARTED = "castellan.requestStartedNanos";

    private SystemRoutes() {
    }

    /** One published key. {@code publicKey} is the raw uncompressed P-256 point, URL-safe base64 without padding. */
    public record PublishedKey(int keyId, String publicKey, String algorithm) {
        static PublishedKey of(TransmissionKey key) {
            return new PublishedKey(key.keyId(), key.publicKeyWebSafe(), "P-256");
        }
    }

    /** Body of {@link #SERVER_KEYS}. */
    public record ServerKeys(List<PublishedKey> keys, String tlsFingerprintSha256) {
    }

    /**
     * @param storeReady whether the store answers and is migrated
     * @param storeMetrics the store's figures, or {@code null} without a store
     * @param latency the request timings the server records
     */
    public static void install(RoutesConfig routes, BooleanSupplier storeReady, Supplier<StoreMetrics> storeMetrics,
            ApiLatency latency, TransmissionKeys keys, TlsMaterial tls) {
        routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
        routes.after(ctx -> {
            Long started = ctx.attribute(STARTED);
            if (started != null) {
                latency.record(ctx.path(), System.nanoTime() - started);
            }
        });
        routes.get(HEALTH, ctx -> ctx.json(Map.of("status", "ok")));
        routes.get(READY, ctx -> {
            if (storeReady.getAsBoolean()) {
                ctx.json(Map.of("status", "ready"));
            } else {
                ErrorResponses.respond(ctx, 503, new ApiError("not_ready",
                        "The store is not open, does not answer, or is not migrated."));
            }
        });
        routes.get(METRICS, ctx -> {
            StoreMetrics figures = null;
            try {
                figures = storeMetrics.get();
            } catch (RuntimeException e) {
                // the store is unreachable: serve the process's own figures, and say so in castellan_store_up
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(PrometheusText.render(figures, latency));
        });
        routes.get(SERVER_KEYS, ctx -> ctx.json(new ServerKeys(
                keys.all().stream().map(PublishedKey::of).toList(), tls.fingerprintSha256())));
    }
}
