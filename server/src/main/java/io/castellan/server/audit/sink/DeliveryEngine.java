package io.castellan.server.audit.sink;

import io.castellan.crypto.Uids;
import io.castellan.store.AuditEventRepository;
import io.castellan.store.DeliveryCursorRepository;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link DeliveryLoop} per configured sink and alert rule on this node. Every few seconds (and at once
 * after a change made here) it re-reads the configuration, so a target added, edited or removed on another node is
 * picked up too. Which node actually delivers is settled by the cursor's lease.
 */
public final class DeliveryEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

    private final AuditEventRepository events;
    private final DeliveryCursorRepository cursors;
    private final Clock clock;
    private final DeliveryOptions options;
    private final List<DeliveryTargets> sources;
    private final String nodeId = Uids.newUid();
    private final Map<String, DeliveryLoop> loops = new HashMap<>();
    private volatile boolean closed;
    private Thread reconciler;

    public DeliveryEngine(AuditEventRepository events, DeliveryCursorRepository cursors, Clock clock,
            DeliveryOptions options, List<DeliveryTargets> sources) {
        this.events = events;
        this.cursors = cursors;
        this.clock = clock;
        this.options = options;
        this.sources = List.copyOf(sources);
    }

    public DeliveryEngine start() {
        reconcile();
        reconciler = Thread.ofVirtual().name("audit-delivery-reconcile").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(options.reconcile());
                } catch (InterruptedException e) {
                    return;
                }
                reconcile();
            }
        });
        return this;
    }

    /** Starts loops for new targets, restarts edited ones and stops removed ones. */
    public synchronized void reconcile() {
        if (closed) {
            return;
        }
        Map<String, DeliveryTargets.Spec> wanted = new HashMap<>();
        try {
            sources.forEach(s -> wanted.putAll(s.current()));
        } catch (RuntimeException e) {
            LOG.warn("audit delivery targets could not be read: {}", e.getClass().getSimpleName());
            return;
        }
        loops.entrySet().removeIf(running -> {
            DeliveryTargets.Spec spec = wanted.get(running.getKey());
            if (spec == null || !spec.version().equals(running.getValue().version())) {
                running.getValue().stop();
                return true;
            }
            return false;
        });
        wanted.forEach((key, spec) -> loops.computeIfAbsent(key, k -> new DeliveryLoop(k, spec, events, cursors,
                nodeId, clock, options).start()));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (reconciler != null) {
            reconciler.interrupt();
        }
        loops.values().forEach(DeliveryLoop::stop);
        loops.clear();
    }
}
