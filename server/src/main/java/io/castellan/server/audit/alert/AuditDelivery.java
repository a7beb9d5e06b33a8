package io.castellan.server.audit.alert;

import io.castellan.server.account.AtRestKey;
import io.castellan.server.api.ApiRegistry;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.sink.DeliveryEngine;
import io.castellan.server.audit.sink.DeliveryOptions;
import io.castellan.server.audit.sink.SinkCommands;
import io.castellan.server.audit.sink.SinkService;
import io.castellan.store.DeliveryCursorRepository;
import io.castellan.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIEM sinks and alert rules of one server node: their commands, and the delivery engine that runs a loop per
 * sink and rule (closed with the server).
 */
public final class AuditDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditDelivery.class);

    private final DeliveryEngine engine;

    private AuditDelivery(DeliveryEngine engine) {
        this.engine = engine;
    }

    /** Registers the sink and alert commands, ships the default alert rule, and starts delivering. */
    public static AuditDelivery start(Store store, Audit audit, Path dataDir, Clock clock, ApiRegistry commands) {
        AtRestKey key = AtRestKey.loadOrCreate(dataDir);
        SinkService sinks = new SinkService(store.transactions(), store.auditEvents(), key, audit, clock);
        AlertService alerts = new AlertService(store, key, audit, clock);
        try {
            alerts.createDefaultRule();
        } catch (RuntimeException e) { // e.g. the audit is unavailable: start anyway, the next start tries again
            LOG.warn("the default alert rule {} was not created: {}", AlertService.DEFAULT_RULE,
                    e.getClass().getSimpleName());
        }
        DeliveryEngine engine = new DeliveryEngine(store.auditEvents(), new DeliveryCursorRepository(
                store.transactions()), clock, DeliveryOptions.DEFAULTS, List.of(sinks, alerts));
        new SinkCommands(sinks, engine::reconcile).register(commands);
        new AlertCommands(alerts, engine::reconcile).register(commands);
        return new AuditDelivery(engine.start());
    }

    @Override
    public void close() {
        engine.close();
    }
}
