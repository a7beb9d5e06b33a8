package io.castellan.server.http;

import io.castellan.server.keys.TransmissionKey;
import io.castellan.server.keys.TransmissionKeys;
import io.castellan.server.tls.TlsMaterial;
import io.javalin.config.RoutesConfig;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Unauthenticated endpoints every deployment needs: liveness, readiness, and the server's public keys.
 *
 * <ul>
 *   <li>{@code GET /healthz}: the process serves HTTP (for restarts by an orchestrator).</li>
 *   <li>{@code GET /readyz}: the store is open, so requests can be served (for load balancers).</li>
 *   <li>{@code GET /.well-known/castellan/server-keys}: the transmission public keys clients seal to, and the TLS
 *       certificate fingerprint clients can pin.</li>
 * </ul>
 */
public final class SystemRoutes {

    public static final String HEALTH = "/healthz";
    public static final String READY = "/readyz";
    public static final String SERVER_KEYS = "/.well-known/castellan/server-keys";

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

    public static void install(RoutesConfig routes, BooleanSupplier storeOpen, TransmissionKeys keys, TlsMaterial tls) {
        routes.get(HEALTH, ctx -> ctx.json(Map.of("status", "ok")));
        routes.get(READY, ctx -> {
            if (storeOpen.getAsBoolean()) {
                ctx.json(Map.of("status", "ready"));
            } else {
                ErrorResponses.respond(ctx, 503, new ApiError("not_ready", "The store is not open."));
            }
        });
        routes.get(SERVER_KEYS, ctx -> ctx.json(new ServerKeys(
                keys.all().stream().map(PublishedKey::of).toList(), tls.fingerprintSha256())));
    }
}
