package io.castellan.server.tunnel;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.gateway.CommandType;
import io.castellan.model.json.Json;
import io.castellan.model.tunnel.TunnelPortMapping;
import io.castellan.model.tunnel.TunnelProtocol;
import io.castellan.server.audit.Audit;
import io.castellan.server.router.JobRequest;
import io.castellan.server.router.JobService;
import io.castellan.store.PamConfiguration;
import io.castellan.store.Store;
import io.castellan.store.StoredJob;
import io.javalin.config.JavalinConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tunnels of this server node: opening (checks, the one-time relay token, the gateway's {@code tunnel-open} job),
 * the two WebSocket endpoints, and a sweep every second that closes tunnels whose user lost access (revocation within
 * a second or two) and tunnels whose ends did not both join within {@link #JOIN_TIMEOUT}.
 */
public final class TunnelRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelRelay.class);
    /** Both ends must have joined this long after {@code tunnel_open}; the relay token expires with it. */
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
    /** How long the end of a direct tunnel waits for the gateway's last usage report. */
    static final long DIRECT_END_GRACE_MS = 3_000;
    /** WebSocket close code 1008: refused, revoked. */
    static final int CLOSE_POLICY = 1008;
    /** WebSocket close code 1000: a clean end. */
    static final int CLOSE_NORMAL = 1000;

    final Store store;
    final Audit audit;
    final Clock clock;
    final TunnelAccess access;
    final TunnelSettings settings;
    private final JobService jobs;
    private final ConcurrentHashMap<String, RelayedTunnel> tunnels = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> tunnelByTokenHash = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private volatile boolean closed;

    public TunnelRelay(Store store, Audit audit, Clock clock, JobService jobs) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.jobs = jobs;
        this.access = new TunnelAccess(store, clock);
        this.settings = new TunnelSettings(this);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("tunnel-sweep").unstarted(r));
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /** Adds the CLI's and the gateway's WebSocket endpoints. */
    public void install(JavalinConfig cfg) {
        TunnelEndpoints endpoints = new TunnelEndpoints(this);
        cfg.routes.ws(TunnelProtocol.CLIENT_PATH, endpoints::configureClient);
        cfg.routes.ws(TunnelProtocol.GATEWAY_PATH, endpoints::configureGateway);
    }

    /** What {@code tunnel_open} answers. */
    record Opened(RelayedTunnel tunnel, String token, byte[] gatewayKey) {
    }

    /**
     * Checks access, records the tunnel (audited, fail closed) and asks the gateway to join.
     *
     * @throws CastellanException naming the refusal (policy, access, feature, gateway offline)
     */
    Opened open(String userUid, boolean admin, String recordUid, String sourceIp) {
        TunnelAccess.Grant grant;
        try {
            grant = access.check(userUid, admin, recordUid);
        } catch (CastellanException e) {
            audit.record(TunnelAuditEvents.TUNNEL_REFUSED, userUid, sourceIp, List.of(recordUid), Audit.DENIED,
                    Map.of("reason", e.code().code()));
            throw e;
        }
        String tunnelId = Uids.newUid();
        String nonce = Base64s.encodeWebSafe(CastellanRandom.bytes(32));
        String token = Base64s.encodeWebSafe(CastellanRandom.bytes(32));
        StoredJob job = store.write(h -> {
            StoredJob j = jobs.enqueue(new JobRequest(grant.gateway().uid(), CommandType.TUNNEL_OPEN,
                    List.of(recordUid, grant.config().recordUid()), jobArgs(tunnelId, nonce, grant.config()),
                    JOIN_TIMEOUT, true, userUid));
            audit.record(TunnelAuditEvents.TUNNEL_OPENED, userUid, sourceIp, List.of(recordUid, grant.gateway().uid()),
                    Audit.SUCCESS, Map.of("tunnelId", tunnelId, "configUid", grant.config().recordUid(),
                            "jobId", j.id()));
            return j;
        });
        RelayedTunnel tunnel = new RelayedTunnel(this, tunnelId, userUid, admin, grant, nonce, job.id(), sourceIp,
                clock.instant());
        tunnels.put(tunnelId, tunnel);
        tunnelByTokenHash.put(hash(token), tunnelId);
        jobs.release(job.id());
        LOG.info("tunnel {} opened by user {} to record {} through gateway {} (job {})", tunnelId, userUid, recordUid,
                grant.gateway().uid(), job.id());
        return new Opened(tunnel, token, grant.gatewayKey());
    }

    /**
     * The {@code tunnel-open} job's arguments: the tunnel id, the nonce the gateway signs to join, and the
     * configuration's port mapping (the gateway picks the port of a record without one from it). None is secret.
     */
    private static Map<String, String> jobArgs(String tunnelId, String nonce, PamConfiguration config) {
        Map<String, String> args = new java.util.LinkedHashMap<>();
        args.put("tunnelId", tunnelId);
        args.put("nonce", nonce);
        java.util.SortedMap<Integer, String> mapping = new java.util.TreeMap<>();
        try {
            Json.newMapper().readTree(config.portMappingJson()).properties()
                    .forEach(e -> mapping.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            // validated when stored; a row that does not parse tunnels to the records' own or standard ports
            LOG.warn("PAM configuration {}: unreadable port mapping, not used", config.recordUid());
            mapping.clear();
        }
        args.putAll(TunnelPortMapping.toArgs(mapping));
        return args;
    }

    /** The tunnel a relay token opens; the token is used up. */
    Optional<RelayedTunnel> redeem(String token) {
        if (token == null || token.length() > 64) {
            return Optional.empty();
        }
        return Optional.ofNullable(tunnelByTokenHash.remove(hash(token))).map(tunnels::get);
    }

    Optional<RelayedTunnel> tunnel(String tunnelId) {
        return tunnelId == null ? Optional.empty() : Optional.ofNullable(tunnels.get(tunnelId));
    }

    /** @return the live tunnels of a user on this node */
    List<RelayedTunnel> of(String userUid) {
        return tunnels.values().stream().filter(t -> t.userUid.equals(userUid) && !t.ended()).toList();
    }

    /** @return tunnels live on this node (metrics, tests) */
    public int liveTunnels() {
        return tunnels.size();
    }

    /**
     * One end's socket closed. While a direct tunnel is ending, the CLI's socket closing is part of the end (this relay
     * closed it) and the end waits on for the gateway's last report; otherwise the tunnel ends.
     */
    void socketClosed(RelayedTunnel tunnel, boolean fromClient, String reason) {
        if (fromClient && tunnel.drainReason() != null) {
            return;
        }
        end(tunnel, reason);
    }

    /** Ends a tunnel once: closes both sockets, forgets it, audits the bytes relayed. */
    void end(RelayedTunnel tunnel, String reason) {
        end(tunnel, reason, CLOSE_NORMAL);
    }

    void end(RelayedTunnel tunnel, String reason, int code) {
        end(tunnel, reason, code, true);
    }

    private void end(RelayedTunnel tunnel, String reason, int code, boolean drain) {
        if (drain && tunnel.direct() && tunnel.beginDrain(reason)) {
            // the relay did not see a direct tunnel's bytes: the CLI's socket closes now (access ends with it), and
            // the gateway, whose direct path then ends, sends its last usage report and closes its socket, which
            // ends the tunnel here; a gateway that does not is cut off after the grace
            tunnel.closeClient(code, reason.length() > 100 ? reason.substring(0, 100) : reason);
            CompletableFuture.delayedExecutor(DIRECT_END_GRACE_MS, TimeUnit.MILLISECONDS)
                    .execute(() -> end(tunnel, reason, code, false));
            return;
        }
        if (!tunnel.markEnded()) {
            return;
        }
        finish(tunnel, tunnel.drainReason() != null ? tunnel.drainReason() : reason, code);
    }

    /** Closes both sockets, forgets the tunnel, audits its bytes (after {@link RelayedTunnel#markEnded}). */
    private void finish(RelayedTunnel tunnel, String reason, int code) {
        tunnels.remove(tunnel.id, tunnel);
        tunnelByTokenHash.values().remove(tunnel.id);
        tunnel.closeSockets(code, reason.length() > 100 ? reason.substring(0, 100) : reason);
        String path = tunnel.direct() ? "direct" : "relay";
        LOG.info("tunnel {} of user {} to record {} closed ({}): {} bytes up, {} bytes down ({})", tunnel.id,
                tunnel.userUid, tunnel.recordUid, reason, tunnel.totalUp(), tunnel.totalDown(), path);
        try {
            audit.record(TunnelAuditEvents.TUNNEL_CLOSED, tunnel.userUid, tunnel.sourceIp,
                    List.of(tunnel.recordUid, tunnel.gatewayUid), Audit.SUCCESS, Map.of("tunnelId", tunnel.id,
                            "reason", reason, "bytesUp", Long.toString(tunnel.totalUp()),
                            "bytesDown", Long.toString(tunnel.totalDown()), "path", path));
        } catch (RuntimeException e) {
            LOG.error("the end of tunnel {} could not be audited: {}", tunnel.id, e.getClass().getSimpleName());
        }
    }

    private void sweep() {
        if (closed) {
            return;
        }
        for (RelayedTunnel t : List.copyOf(tunnels.values())) {
            if (t.drainReason() != null) {
                continue; // ending already
            }
            try {
                if (!t.connected() && System.nanoTime() - t.openedNanos > JOIN_TIMEOUT.toNanos()) {
                    end(t, "the gateway and the CLI did not both join within " + JOIN_TIMEOUT.toSeconds() + " s",
                            CLOSE_POLICY);
                    continue;
                }
                access.check(t.userUid, t.admin, t.recordUid);
            } catch (CastellanException e) {
                end(t, "access revoked: " + e.getMessage(), CLOSE_POLICY);
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("tunnel {}: access re-check failed: {}", t.id, e.getClass().getSimpleName());
                }
            }
        }
    }

    /**
     * The access-revocation listener ({@code AccessRevocation}): re-checks at once, on the sweep's thread, the
     * tunnels of {@code userUid} (every tunnel when empty), instead of waiting for the next sweep.
     */
    public void recheck(Optional<String> userUid) {
        if (closed) {
            return;
        }
        try {
            sweeper.execute(() -> tunnels.values().stream()
                    .filter(t -> userUid.map(t.userUid::equals).orElse(true) && t.drainReason() == null).toList()
                    .forEach(this::recheck));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the relay is closing: every tunnel ends anyway
        }
    }

    /** The sweep's access re-check of one tunnel, run now. */
    private void recheck(RelayedTunnel t) {
        try {
            access.check(t.userUid, t.admin, t.recordUid);
        } catch (CastellanException e) {
            end(t, "access revoked: " + e.getMessage(), CLOSE_POLICY);
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("tunnel {}: access re-check failed: {}", t.id, e.getClass().getSimpleName());
            }
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the sweep and closes every tunnel. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sweeper.shutdownNow();
        for (RelayedTunnel t : List.copyOf(tunnels.values())) {
            end(t, "server stopping", 1001, false);
        }
    }
}
