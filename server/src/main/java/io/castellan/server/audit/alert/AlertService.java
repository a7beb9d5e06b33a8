package io.castellan.server.audit.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.account.AtRestKey;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Requests;
import io.castellan.server.api.Responses;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.sink.DeliveryTargets;
import io.castellan.server.audit.sink.SiemAuditEvents;
import io.castellan.server.audit.sink.SinkService;
import io.castellan.store.DeliveryCursorRepository;
import io.castellan.store.DeliveryTarget;
import io.castellan.store.DeliveryTargetRepository;
import io.castellan.store.SettingsRepository;
import io.castellan.store.Store;
import io.castellan.store.User;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert rules: add (or replace, keeping the rule's cursor), list with delivery state, test, remove; the shipped
 * {@code gateway-offline} rule; and the engine's source of rule targets. A new rule starts at the current head of the
 * trail: rules alert on what happens from now on.
 */
public final class AlertService implements DeliveryTargets {

    private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

    /** The rule shipped on first start: the reference recommends alerting when a gateway goes offline. */
    public static final String DEFAULT_RULE = "gateway-offline";
    static final String DEFAULT_RULE_SETTING = "alerts.default_rule_created";

    private final Store store;
    private final DeliveryTargetRepository rules;
    private final DeliveryCursorRepository cursors;
    private final AtRestKey key;
    private final Audit audit;
    private final Clock clock;

    public AlertService(Store store, AtRestKey key, Audit audit, Clock clock) {
        this.store = store;
        this.rules = DeliveryTargetRepository.alertRules(store.transactions());
        this.cursors = new DeliveryCursorRepository(store.transactions());
        this.key = key;
        this.audit = audit;
        this.clock = clock;
    }

    /** Ships {@value #DEFAULT_RULE} (channel {@code log}) once per installation; removing it is remembered. */
    public void createDefaultRule() {
        SettingsRepository settings = store.settings();
        store.transactions().write(h -> {
            if (settings.get(DEFAULT_RULE_SETTING).isPresent() || rules.find(DEFAULT_RULE).isPresent()) {
                return null;
            }
            settings.put(DEFAULT_RULE_SETTING, Long.toString(clock.millis()));
            AlertRule rule = new AlertRule(DEFAULT_RULE, List.of("gateway_offline"), AlertFilter.NONE,
                    AlertChannelType.LOG, Responses.object().put("ratePerMinute",
                    AlertRule.DEFAULT_RATE_PER_MINUTE), Responses.object());
            save(rule, false, "system", null);
            return null;
        });
    }

    ObjectNode add(ObjectNode body, boolean replace, String actor, String sourceIp) {
        AlertRule rule = AlertRule.fromRequest(body, this::userUid);
        save(rule, replace, actor, sourceIp);
        return rule.publicView();
    }

    private void save(AlertRule rule, boolean replace, String actor, String sourceIp) {
        store.transactions().write(h -> {
            DeliveryTarget row = rule.toStored(key, clock.instant());
            if (replace ? !rules.replace(row) : !rules.insert(row)) {
                throw replace ? ApiFailures.notFound("no alert rule named '" + rule.name() + "'")
                        : ApiFailures.conflict("an alert rule named '" + rule.name() + "' already exists");
            }
            audit.record(SiemAuditEvents.ALERT_RULE_ADDED, actor, sourceIp, List.of(), Audit.SUCCESS,
                    Map.of("name", rule.name(), "channel", rule.channel().wireName(), "eventTypes",
                            String.join(",", rule.eventTypes()), "replaced", Boolean.toString(replace)));
            cursors.create(DeliveryTarget.alertCursor(rule.name()), store.auditEvents().lastSeq());
            return null;
        });
    }

    void remove(String name, String actor, String sourceIp) {
        store.transactions().write(h -> {
            if (!rules.delete(name)) {
                throw ApiFailures.notFound("no alert rule named '" + name + "'");
            }
            cursors.delete(DeliveryTarget.alertCursor(name));
            audit.record(SiemAuditEvents.ALERT_RULE_REMOVED, actor, sourceIp, List.of(), Audit.SUCCESS,
                    Map.of("name", name));
            return null;
        });
    }

    List<ObjectNode> list() {
        long head = store.auditEvents().lastSeq();
        return rules.list().stream().map(t -> {
            ObjectNode view = AlertRule.fromStored(t, key).publicView().put("createdAt", t.createdAt()
                    .toEpochMilli());
            cursors.find(DeliveryTarget.alertCursor(t.name())).ifPresent(c -> SinkService.cursorState(view, c,
                    head));
            return view;
        }).toList();
    }

    /** Sends a test message through the rule's channel now; the error, if it failed. */
    Optional<String> test(String name, String actor) {
        AlertRule rule = rules.find(name).map(t -> AlertRule.fromStored(t, key))
                .orElseThrow(() -> ApiFailures.notFound("no alert rule named '" + name + "'"));
        AlertRule probe = new AlertRule(rule.name(), List.of("audit_sink_test"), AlertFilter.NONE, rule.channel(),
                rule.settings(), rule.secrets());
        return SinkService.sendTest(() -> new AlertSender(probe, rule.channelSender(), new AlertRateLimit(1,
                clock), audit), actor);
    }

    /** An e-mail names a user by UID, as events hold it; anything else is taken as written. */
    private String userUid(String user) {
        return user.contains("@") ? store.users().findByEmail(Requests.normaliseEmail("user", user)).map(User::uid)
                .orElseThrow(() -> ApiFailures.notFound("no user with that e-mail")) : user;
    }

    @Override
    public Map<String, Spec> current() {
        Map<String, Spec> specs = new LinkedHashMap<>();
        for (DeliveryTarget t : rules.list()) {
            AlertRule rule;
            try {
                rule = AlertRule.fromStored(t, key);
            } catch (RuntimeException e) { // e.g. sealed with another node's at-rest key: skip it, not every rule
                LOG.warn("alert rule {} cannot be read on this node: {}", t.name(), e.getMessage());
                continue;
            }
            specs.put(DeliveryTarget.alertCursor(t.name()), new Spec("alert rule " + t.name(),
                    t.createdAt().toEpochMilli() + t.settingsJson() + t.filtersJson() + t.eventTypes(),
                    () -> new AlertSender(rule, rule.channelSender(), new AlertRateLimit(rule.ratePerMinute(),
                            clock), audit)));
        }
        return specs;
    }
}
