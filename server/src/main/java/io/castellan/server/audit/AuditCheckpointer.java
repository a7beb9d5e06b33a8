package io.castellan.server.audit;

import io.castellan.crypto.Signatures;
import io.castellan.server.keys.TransmissionKey;
import io.castellan.server.keys.TransmissionKeys;
import io.castellan.store.AuditCheckpoint;
import io.castellan.store.AuditCheckpointRepository;
import io.castellan.store.AuditEvent;
import io.castellan.store.AuditEventRepository;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs checkpoints of the audit chain with the server's current transmission key (P-256): every
 * {@code everyEvents} events, or every {@code interval} when anything was appended since the last one, and on demand
 * (an export ends with one). Any node may sign; a checkpoint of an event already covered is ignored.
 */
public final class AuditCheckpointer implements AutoCloseable {

    /** Defaults: a checkpoint after 1,000 events or 5 minutes, whichever comes first. */
    public static final int DEFAULT_EVERY_EVENTS = 1_000;
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(AuditCheckpointer.class);

    private final AuditEventRepository events;
    private final AuditCheckpointRepository checkpoints;
    private final TransmissionKeys keys;
    private final Clock clock;
    private final int everyEvents;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public AuditCheckpointer(AuditEventRepository events, AuditCheckpointRepository checkpoints,
            TransmissionKeys keys, Clock clock, int everyEvents, Duration interval) {
        this.events = events;
        this.checkpoints = checkpoints;
        this.keys = keys;
        this.clock = clock;
        this.everyEvents = everyEvents;
        this.interval = interval;
    }

    /** Checks every few seconds whether a checkpoint is due (see the class comment). */
    public AuditCheckpointer start() {
        long tick = Math.max(1_000, Math.min(interval.toMillis(), 10_000));
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("audit-checkpoints").unstarted(r));
        timer.scheduleWithFixedDelay(this::signIfDue, tick, tick, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Signs a checkpoint when {@code everyEvents} events or {@code interval} passed since the last one. */
    public void signIfDue() {
        try {
            long head = events.lastSeq();
            Optional<AuditCheckpoint> last = checkpoints.latest();
            long covered = last.map(AuditCheckpoint::seq).orElse(0L);
            boolean byCount = head - covered >= everyEvents;
            boolean byTime = head > covered && last.map(c -> !c.signedAt().plus(interval).isAfter(clock.instant()))
                    .orElse(true);
            if (byCount || byTime) {
                signHead();
            }
        } catch (RuntimeException e) {
            LOG.error("audit checkpoint could not be signed: {}", e.getClass().getSimpleName(), e);
        }
    }

    /** Signs the current head of the chain (if there is one and it is not covered yet) and returns its checkpoint. */
    public Optional<AuditCheckpoint> signHead() {
        long head = events.lastSeq();
        if (head == 0) {
            return Optional.empty();
        }
        Optional<AuditCheckpoint> last = checkpoints.latest();
        if (last.isPresent() && last.get().seq() == head) {
            return last;
        }
        AuditEvent event = events.range(head, head).getFirst();
        TransmissionKey key = keys.current();
        Instant now = clock.instant();
        byte[] signature = Signatures.signDer((ECPrivateKey) key.privateKey(),
                AuditCheckpoint.message(head, event.hash(), now));
        AuditCheckpoint checkpoint = new AuditCheckpoint(head, event.hash(), now, key.keyId(),
                key.publicKeyWebSafe(), Base64.getEncoder().encodeToString(signature));
        checkpoints.insert(checkpoint);
        LOG.info("audit checkpoint signed at event {} with key {}", head, key.keyId());
        return Optional.of(checkpoint);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
