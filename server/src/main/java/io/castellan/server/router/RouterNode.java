package io.castellan.server.router;

import io.castellan.crypto.Uids;
import io.castellan.model.gateway.GatewayProtocol;
import io.castellan.model.gateway.Ping;
import io.castellan.model.gateway.Refused;
import io.castellan.server.audit.Audit;
import io.castellan.store.DeviceRepository;
import io.castellan.store.Dialect;
import io.castellan.store.GatewayRepository;
import io.castellan.store.JobRepository;
import io.castellan.store.Store;
import io.castellan.store.StoredGateway;
import io.javalin.config.JavalinConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Router of one server node: its id, its gateway sockets, the heartbeat sweep (pings, silent gateways offline,
 * unauthenticated sockets closed after {@link #AUTH_TIMEOUT}, job deadlines, catch-up sends) and the bus to other
 * nodes. {@link #jobs()} is the API other server packages use.
 */
public final class RouterNode implements AutoCloseable, NodeBus.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(RouterNode.class);
    /** A socket that has not authenticated after this long is closed. */
    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(5);
    /** A gateway silent for this many heartbeats is offline. */
    static final int MISSED_HEARTBEATS = 3;
    /** Finished jobs are kept this long for {@code job_info}; the audit trail keeps the outcome for good. */
    static final Duration JOB_RETENTION = Duration.ofDays(30);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    private static final int PURGE_BATCH = 10_000;

    final String nodeId = Uids.newUid();
    final Store store;
    final Audit audit;
    final Clock clock;
    final Duration heartbeat;
    final GatewayRepository gateways;
    final ConnectionRegistry registry = new ConnectionRegistry();
    final HelloVerifier verifier;
    final JobService jobs;
    final Presence presence;
    private final NodeBus bus;
    private final ScheduledExecutorService sweeper;
    private final List<java.util.function.Consumer<StoredGateway>> onlineListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long lastPingNanos = System.nanoTime();
    private volatile long lastPurgeNanos = System.nanoTime() - PURGE_EVERY.toNanos();
    private volatile boolean closed;

    private RouterNode(Store store, Audit audit, Optional<String> jdbcUrl, Duration heartbeat) {
        this.store = store;
        this.audit = audit;
        this.clock = Clock.systemUTC(); // liveness and deadlines are wall-clock matters, whatever clock the API uses
        this.heartbeat = heartbeat;
        this.gateways = new GatewayRepository(store.transactions(), clock);
        this.verifier = new HelloVerifier(new DeviceRepository(store.transactions(), clock), gateways, clock);
        this.presence = new Presence(gateways, clock, heartbeat);
        this.jobs = new JobService(nodeId, gateways, new JobRepository(store.transactions(), clock), registry,
                presence, clock);
        this.bus = store.dialect() == Dialect.POSTGRESQL
                ? new PostgresNodeBus(nodeId, store.jdbi(), jdbcUrl.orElseThrow(), this)
                : new LocalNodeBus(this);
        jobs.bus(bus);
        long tick = Math.min(heartbeat.toMillis(), 1000);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("router-sweep").unstarted(r));
        sweeper.scheduleWithFixedDelay(this::sweep, tick, tick, TimeUnit.MILLISECONDS);
        LOG.info("Router node {} ready (heartbeat {} ms, {})", nodeId, heartbeat.toMillis(), store.dialect());
    }

    /**
     * @param jdbcUrl   the PostgreSQL URL (for the bus's listening connection); empty on SQLite
     * @param heartbeat how often gateways are pinged
     */
    public static RouterNode start(Store store, Audit audit, Optional<String> jdbcUrl, Duration heartbeat) {
        return new RouterNode(store, audit, jdbcUrl, heartbeat);
    }

    /** Adds the gateway WebSocket endpoint and bounds its frames. */
    public void install(JavalinConfig cfg) {
        cfg.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setMaxTextMessageSize(GatewayProtocol.MAX_FRAME_BYTES);
            // the Router refuses binary frames; tunnels (same factory) carry sealed messages up to this size
            factory.setMaxBinaryMessageSize(io.castellan.model.tunnel.TunnelProtocol.MAX_MESSAGE);
            factory.setIdleTimeout(heartbeat.multipliedBy(MISSED_HEARTBEATS + 3).plus(AUTH_TIMEOUT));
        });
        cfg.routes.ws(GatewayProtocol.CONNECT_PATH, new RouterEndpoint(this)::configure);
    }

    /** @return the jobs API */
    public JobService jobs() {
        return jobs;
    }

    /**
     * Calls {@code listener} with each gateway that authenticates on this node, after its queued jobs went out, on a
     * virtual thread of its own (a slow listener never holds up the socket).
     */
    public void addOnlineListener(java.util.function.Consumer<StoredGateway> listener) {
        onlineListeners.add(listener);
    }

    void online(StoredGateway gateway) {
        for (java.util.function.Consumer<StoredGateway> listener : onlineListeners) {
            Thread.ofVirtual().name("gateway-online-" + gateway.uid()).start(() -> {
                try {
                    listener.accept(gateway);
                } catch (RuntimeException e) {
                    LOG.error("gateway {}: an online listener failed: {}", gateway.uid(), e.getClass().getSimpleName(),
                            e);
                }
            });
        }
    }

    /** @return this node's id (as stored in gateway connection rows) */
    public String nodeId() {
        return nodeId;
    }

    /** @return gateway sockets open on this node, authenticated or not (benchmarks, metrics) */
    public int openSockets() {
        return registry.size();
    }

    /** @return the UIDs of the gateways authenticated on this node */
    public List<String> liveGatewayUids() {
        return registry.all().stream().filter(sock -> sock.gateway() != null && !sock.closed())
                .map(sock -> sock.gateway().uid()).toList();
    }

    /** Whether the gateway is online on any node, and where: the store's view. */
    public Optional<io.castellan.store.GatewayConnection> liveConnection(String gatewayUid) {
        return presence.live(gatewayUid);
    }

    /** Closes the gateway's socket on whichever node holds it (after a removal). */
    public void disconnect(String gatewayUid) {
        bus.closeGateway(gatewayUid);
    }

    private void sweep() {
        if (closed) {
            return;
        }
        try {
            boolean ping = System.nanoTime() - lastPingNanos >= heartbeat.toNanos();
            if (ping) {
                lastPingNanos = System.nanoTime();
            }
            for (GatewaySocket socket : registry.all()) {
                sweep(socket, ping);
            }
            jobs.expireOverdue();
            jobs.dispatchQueuedHere();
            if (System.nanoTime() - lastPurgeNanos >= PURGE_EVERY.toNanos()) {
                lastPurgeNanos = System.nanoTime();
                jobs.purgeFinished(JOB_RETENTION, PURGE_BATCH);
            }
        } catch (RuntimeException e) {
            if (!closed) { // a sweep interrupted by close() is expected, not an error
                LOG.error("Router sweep on node {} failed: {}", nodeId, e.getClass().getSimpleName(), e);
            }
        }
    }

    private void sweep(GatewaySocket socket, boolean ping) {
        StoredGateway g = socket.gateway();
        if (g == null) {
            if (System.nanoTime() - socket.openedNanos > AUTH_TIMEOUT.toNanos()) {
                LOG.info("gateway connection {} did not authenticate within {} s; closed", socket.connectionId,
                        AUTH_TIMEOUT.toSeconds());
                socket.close(GatewaySocket.CLOSE_POLICY, "authentication timeout");
                registry.closed(socket);
            }
            return;
        }
        long silent = socket.silentMillis();
        if (silent > heartbeat.toMillis() * MISSED_HEARTBEATS) {
            LOG.warn("gateway {} silent for {} ms on node {}: offline", g.uid(), silent, nodeId);
            offline(socket, "missed heartbeats");
            socket.close(GatewaySocket.CLOSE_GOING_AWAY, "missed heartbeats");
            return;
        }
        if (socket.takeHeardSinceTouch() && !gateways.touch(g.uid(), socket.connectionId, clock.instant())) {
            LOG.info("gateway {}: its connection row on node {} is gone (removed or reconnected elsewhere); closing",
                    g.uid(), nodeId);
            registry.closed(socket);
            socket.close(GatewaySocket.CLOSE_POLICY, "connection superseded");
            return;
        }
        if (ping) {
            socket.send(new Ping(socket.nextPingSeq(), System.currentTimeMillis()));
        }
    }

    /** The socket is gone: forget it and, if it was the gateway's current connection, record it offline. */
    void offline(GatewaySocket socket, String reason) {
        boolean current = registry.closed(socket);
        StoredGateway g = socket.gateway();
        if (!current || g == null) {
            return;
        }
        try {
            store.write(h -> {
                if (gateways.disconnect(g.uid(), socket.connectionId, clock.instant())
                        && gateways.get(g.uid()).isPresent()) {
                    audit.record(GatewayAuditEvents.GATEWAY_OFFLINE, RouterEndpoint.actor(g), socket.remoteIp,
                            List.of(g.appUid(), g.uid()), Audit.SUCCESS, Map.of("node", nodeId, "reason", reason));
                }
                return null;
            });
            LOG.info("gateway {} offline on node {} ({})", g.uid(), nodeId, reason);
        } catch (RuntimeException e) {
            LOG.warn("gateway {} offline on node {} but not recorded: {}", g.uid(), nodeId,
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void sendJob(String jobId) {
        jobs.dispatch(jobId);
    }

    @Override
    public void jobFinished(String jobId) {
        jobs.finished(jobId);
    }

    @Override
    public void closeGateway(String gatewayUid) {
        registry.gateway(gatewayUid).ifPresent(socket -> {
            LOG.info("gateway {} removed: closing its socket on node {}", gatewayUid, nodeId);
            socket.send(new Refused("not_found", "this gateway was removed", false));
            registry.closed(socket);
            socket.close(GatewaySocket.CLOSE_POLICY, "gateway removed");
        });
    }

    /** Stops the sweep and the bus and closes every socket (gateways reconnect to another node or after restart). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sweeper.shutdownNow();
        for (GatewaySocket socket : registry.all()) {
            offline(socket, "server stopping");
            socket.close(GatewaySocket.CLOSE_GOING_AWAY, "server stopping");
        }
        bus.close();
    }
}
