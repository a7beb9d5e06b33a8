package io.castellan.server.audit.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.account.AtRestKey;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Responses;
import io.castellan.server.audit.Audit;
import io.castellan.store.AuditEvent;
import io.castellan.store.AuditEventRepository;
import io.castellan.store.DeliveryCursor;
import io.castellan.store.DeliveryCursorRepository;
import io.castellan.store.DeliveryTarget;
import io.castellan.store.DeliveryTargetRepository;
import io.castellan.store.NewAuditEvent;
import io.castellan.store.Transactions;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured SIEM sinks: add (with the cursor at the current head, so a sink receives events from its own
 * {@code audit_sink_added} on), list with delivery state, test and remove. Each change and its audit event commit
 * together. Also the engine's source of sink targets.
 */
public final class SinkService implements DeliveryTargets {

    private static final Logger LOG = LoggerFactory.getLogger(SinkService.class);

    private final Transactions tx;
    private final DeliveryTargetRepository sinks;
    private final DeliveryCursorRepository cursors;
    private final AuditEventRepository events;
    private final AtRestKey key;
    private final Audit audit;
    private final Clock clock;

    public SinkService(Transactions tx, AuditEventRepository events, AtRestKey key, Audit audit, Clock clock) {
        this.tx = tx;
        this.sinks = DeliveryTargetRepository.sinks(tx);
        this.cursors = new DeliveryCursorRepository(tx);
        this.events = events;
        this.key = key;
        this.audit = audit;
        this.clock = clock;
    }

    public void add(SinkSettings sink, String actor, String sourceIp) {
        tx.write(h -> {
            if (!sinks.insert(sink.toStored(key, clock.instant()))) {
                throw ApiFailures.conflict("a sink named '" + sink.name() + "' already exists");
            }
            audit.record(SiemAuditEvents.AUDIT_SINK_ADDED, actor, sourceIp, List.of(), Audit.SUCCESS,
                    Map.of("name", sink.name(), "type", sink.type().wireName()));
            cursors.delete(DeliveryTarget.sinkCursor(sink.name()));
            cursors.create(DeliveryTarget.sinkCursor(sink.name()), events.lastSeq() - 1);
            return null;
        });
    }

    public void remove(String name, String actor, String sourceIp) {
        tx.write(h -> {
            if (!sinks.delete(name)) {
                throw ApiFailures.notFound("no sink named '" + name + "'");
            }
            cursors.delete(DeliveryTarget.sinkCursor(name));
            audit.record(SiemAuditEvents.AUDIT_SINK_REMOVED, actor, sourceIp, List.of(), Audit.SUCCESS,
                    Map.of("name", name));
            return null;
        });
    }

    /** Every sink's public view with its delivery state. */
    public List<ObjectNode> list() {
        long head = events.lastSeq();
        return sinks.list().stream().map(t -> {
            ObjectNode view = SinkSettings.fromStored(t, key).publicView();
            view.put("createdAt", t.createdAt().toEpochMilli());
            cursors.find(DeliveryTarget.sinkCursor(t.name())).ifPresent(c -> cursorState(view, c, head));
            return view;
        }).toList();
    }

    /** The delivery fields a list shows: how far, how many behind, the last error and success. */
    public static void cursorState(ObjectNode view, DeliveryCursor c, long head) {
        view.put("deliveredSeq", c.lastSeq()).put("pending", Math.max(0, head - c.lastSeq()));
        c.lastError().ifPresentOrElse(e -> view.put("lastError", e), () -> view.putNull("lastError"));
        c.lastErrorAt().ifPresent(t -> view.put("lastErrorAt", t.toEpochMilli()));
        c.lastSuccessAt().ifPresent(t -> view.put("lastSuccessAt", t.toEpochMilli()));
    }

    /** Sends one synthetic event ({@code audit_sink_test}, sequence 0) now; the error message, if it failed. */
    public Optional<String> test(String name, String actor) {
        SinkSettings sink = sinks.find(name).map(t -> SinkSettings.fromStored(t, key))
                .orElseThrow(() -> ApiFailures.notFound("no sink named '" + name + "'"));
        return sendTest(sink, actor);
    }

    static Optional<String> sendTest(SinkSettings sink, String actor) {
        return sendTest(() -> EventSenders.create(sink), actor);
    }

    /** A synthetic event through a fresh sender; the failure's safe message, if it failed. */
    public static Optional<String> sendTest(SenderFactory factory, String actor) {
        AuditEvent synthetic = new AuditEvent(0, new NewAuditEvent("test-" + System.nanoTime(),
                java.time.Instant.now(), "audit_sink_test", actor, Optional.empty(), List.of(), Audit.SUCCESS,
                "{\"test\":\"true\"}"), "", "");
        try (EventSender sender = factory.create()) {
            sender.send(List.of(synthetic));
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(DeliveryLoop.safeMessage(e));
        }
    }

    @Override
    public Map<String, Spec> current() {
        Map<String, Spec> specs = new LinkedHashMap<>();
        for (DeliveryTarget t : sinks.list()) {
            SinkSettings sink;
            try {
                sink = SinkSettings.fromStored(t, key);
            } catch (RuntimeException e) { // e.g. sealed with another node's at-rest key: skip it, not every sink
                LOG.warn("sink {} cannot be read on this node: {}", t.name(), e.getMessage());
                continue;
            }
            specs.put(DeliveryTarget.sinkCursor(t.name()), new Spec("sink " + t.name(),
                    t.createdAt().toEpochMilli() + t.settingsJson(), () -> EventSenders.create(sink)));
        }
        return specs;
    }

    /** For responses: the sink list as an object. */
    public ObjectNode listResponse() {
        ObjectNode response = Responses.object();
        list().forEach(response.putArray("sinks")::add);
        return response;
    }
}
