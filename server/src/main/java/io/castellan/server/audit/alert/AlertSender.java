package io.castellan.server.audit.alert;

import io.castellan.server.audit.Audit;
import io.castellan.server.audit.sink.DeliveryDeferred;
import io.castellan.server.audit.sink.EventSender;
import io.castellan.server.audit.sink.SiemAuditEvents;
import io.castellan.store.AuditEvent;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An alert rule as a delivery target: picks the events of a batch that match the rule, sends one message per event
 * while the rule is under its rate, and coalesces the rest of the batch into one summary message; when the rate is
 * used up the batch waits (the cursor stays, nothing is lost). Each message is audited ({@code alert_sent}); the
 * first failure of a run of failures is audited too ({@code alert_failed}). The batch counts as accepted only when
 * every message of it went, so a failure part-way re-sends the earlier messages (at least once).
 */
final class AlertSender implements EventSender {

    private static final Logger LOG = LoggerFactory.getLogger(AlertSender.class);

    private final AlertRule rule;
    private final AlertChannel channel;
    private final AlertRateLimit rate;
    private final Audit audit;
    private boolean failing;

    AlertSender(AlertRule rule, AlertChannel channel, AlertRateLimit rate, Audit audit) {
        this.rule = rule;
        this.channel = channel;
        this.rate = rate;
        this.audit = audit;
    }

    @Override
    public void send(List<AuditEvent> batch) throws IOException {
        List<AuditEvent> matched = batch.stream().filter(this::matches).toList();
        if (matched.isEmpty()) {
            return;
        }
        int available = rate.available();
        if (available <= 0) {
            throw new DeliveryDeferred("alert rule " + rule.name() + " is over its rate", rate.untilNext());
        }
        int single = matched.size() <= available ? matched.size() : available - 1;
        try {
            for (AuditEvent e : matched.subList(0, single)) {
                deliver(new AlertMessage(rule.name(), List.of(e), false));
            }
            if (single < matched.size()) {
                deliver(new AlertMessage(rule.name(), matched.subList(single, matched.size()), true));
            }
            failing = false;
        } catch (IOException e) {
            if (!failing) {
                failing = true;
                record(SiemAuditEvents.ALERT_FAILED, Audit.FAILURE, 0);
            }
            throw e;
        }
    }

    boolean matches(AuditEvent e) {
        return rule.eventTypes().contains(e.event().eventType()) && rule.filter().matches(e);
    }

    private void deliver(AlertMessage message) throws IOException {
        channel.deliver(message);
        rate.sentOne();
        record(SiemAuditEvents.ALERT_SENT, Audit.SUCCESS, message.events().size());
    }

    /** After the fact: the message went, so a failure to audit it is logged rather than causing a re-send. */
    private void record(String type, String result, int events) {
        try {
            audit.record(type, "system", null, List.of(), result, Map.of("rule", rule.name(), "channel",
                    rule.channel().wireName(), "events", Integer.toString(events)));
        } catch (RuntimeException e) {
            LOG.error("audit event {} of alert rule {} could not be written", type, rule.name());
        }
    }
}
