package io.castellan.server.audit.sink;

import io.castellan.store.AuditEvent;
import io.castellan.store.AuditEventRepository;
import io.castellan.store.DeliveryCursor;
import io.castellan.store.DeliveryCursorRepository;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the audit trail to one target, on its own virtual thread: holds the target's lease, reads the events
 * after its cursor (at most a batch, in sequence order), sends them, and moves the cursor only once the target
 * accepted them. The audit table is the queue, so a target that is down for hours loses nothing: it gets every event,
 * in order, when it is back. A failure is recorded on the cursor and retried with exponential backoff.
 */
final class DeliveryLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final int MAX_ERROR_LENGTH = 300;

    private final String key;
    private final DeliveryTargets.Spec spec;
    private final AuditEventRepository events;
    private final DeliveryCursorRepository cursors;
    private final String nodeId;
    private final Clock clock;
    private final DeliveryOptions options;
    private volatile boolean stopped;
    private Thread thread;
    private EventSender sender;
    /** Until when this node's lease runs, as far as this loop knows (it renews before then). */
    private Instant leaseHeldUntil = Instant.EPOCH;

    DeliveryLoop(String key, DeliveryTargets.Spec spec, AuditEventRepository events, DeliveryCursorRepository cursors,
            String nodeId, Clock clock, DeliveryOptions options) {
        this.key = key;
        this.spec = spec;
        this.events = events;
        this.cursors = cursors;
        this.nodeId = nodeId;
        this.clock = clock;
        this.options = options;
    }

    DeliveryLoop start() {
        thread = Thread.ofVirtual().name("audit-delivery-" + key).start(this);
        return this;
    }

    String version() {
        return spec.version();
    }

    @Override
    public void run() {
        Duration backoff = options.backoffMin();
        while (!stopped) {
            try {
                Duration pause = round();
                if (pause == null) {
                    backoff = options.backoffMin();
                    continue;
                }
                pause(pause);
            } catch (DeliveryDeferred deferred) {
                pause(deferred.retryAfter());
            } catch (IOException | RuntimeException e) {
                String error = safeMessage(e);
                LOG.warn("audit delivery to {} failed: {}; next attempt in {} s", spec.label(), error,
                        backoff.toSeconds());
                recordFailure(error); // the sender stays: it reconnects by itself and keeps its state (rates)
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(options.backoffMax()) > 0 ? options.backoffMax()
                        : backoff.multipliedBy(2);
            }
        }
        closeSender();
    }

    /** One round; null when it delivered a batch (go on at once), else how long to wait. */
    private Duration round() throws IOException {
        Instant now = clock.instant();
        if (now.isAfter(leaseHeldUntil.minus(options.lease().dividedBy(2)))) { // renew at half-life, not each round
            if (!cursors.claim(key, nodeId, now, now.plus(options.lease()))) {
                leaseHeldUntil = Instant.EPOCH;
                return options.lease().dividedBy(4); // another node delivers; look again in case it went away
            }
            leaseHeldUntil = now.plus(options.lease());
        }
        Optional<DeliveryCursor> cursor = cursors.find(key);
        if (cursor.isEmpty()) {
            stopped = true; // the target was removed
            return Duration.ZERO;
        }
        long last = cursor.get().lastSeq();
        List<AuditEvent> batch = events.range(last + 1, last + options.batchSize());
        if (batch.isEmpty()) {
            return options.poll();
        }
        if (sender == null) {
            sender = spec.factory().create();
        }
        sender.send(batch);
        cursors.advance(key, nodeId, batch.getLast().seq(), clock.instant());
        return null;
    }

    private void recordFailure(String error) {
        try {
            cursors.fail(key, nodeId, error, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("the delivery error of {} could not be recorded: {}", spec.label(), e.getClass().getSimpleName());
        }
    }

    /** A one-line description of a failure: the exception's kind and message, which never carry a secret here. */
    static String safeMessage(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        String text = (e.getClass().getSimpleName() + message).replaceAll("\\p{Cntrl}", " ");
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) + "…" : text;
    }

    private void pause(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            stopped = true;
        }
    }

    private void closeSender() {
        if (sender != null) {
            sender.close();
            sender = null;
        }
    }

    /** Stops the loop, waits for it briefly, and gives the lease up so another node can take over. */
    void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            cursors.release(key, nodeId);
        } catch (RuntimeException e) {
            LOG.debug("lease of {} not released: {}", spec.label(), e.getClass().getSimpleName());
        }
    }
}
