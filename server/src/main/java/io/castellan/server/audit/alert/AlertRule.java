package io.castellan.server.audit.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.json.Json;
import io.castellan.server.account.AtRestKey;
import io.castellan.server.api.FieldErrors;
import io.castellan.server.api.Requests;
import io.castellan.server.api.Responses;
import io.castellan.server.audit.AuditCatalogue;
import io.castellan.server.audit.sink.SiemAuditEvents;
import io.castellan.server.audit.sink.TargetFields;
import io.castellan.store.DeliveryTarget;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One alert rule, validated: the event types it matches (from the catalogue), its filters, its channel with the
 * channel's non-secret settings, its secret settings (the webhook/Slack/Teams URL, which embeds a token, and the SMTP
 * password; stored sealed, never shown) and its rate (messages per minute; the excess is summarised).
 */
record AlertRule(String name, List<String> eventTypes, AlertFilter filter, AlertChannelType channel,
        ObjectNode settings, ObjectNode secrets) {

    static final int DEFAULT_RATE_PER_MINUTE = 10;
    static final int MAX_RATE_PER_MINUTE = 1_000;
    static final int MAX_EVENT_TYPES = 100;
    static final int MAX_RECIPIENTS = 50;
    /** Alerting on alerts would feed itself. */
    private static final Set<String> NOT_ALERTABLE = Set.of(SiemAuditEvents.ALERT_SENT, SiemAuditEvents.ALERT_FAILED);
    private static final Set<String> RESULTS = Set.of("success", "failure", "denied");
    private static final Set<String> SECURITY = Set.of("starttls", "tls", "none");
    private static final ObjectMapper MAPPER = Json.newMapper();

    AlertRule {
        eventTypes = List.copyOf(eventTypes);
    }

    /** Validates an {@code alert_add} body; {@code userUid} turns a {@code user} filter's e-mail into a UID. */
    static AlertRule fromRequest(ObjectNode body, UnaryOperator<String> userUid) {
        String name = TargetFields.name(body);
        List<String> types = eventTypes(body);
        AlertFilter filter = new AlertFilter(Requests.optionalText(body, "user").map(userUid),
                Requests.optionalText(body, "record"), Requests.optionalText(body, "gateway"),
                Requests.optionalText(body, "result"));
        if (filter.result().isPresent() && !RESULTS.contains(filter.result().get())) {
            throw FieldErrors.invalid("result", "must be success, failure or denied");
        }
        String channelName = Requests.optionalText(body, "channel").orElse("log");
        AlertChannelType channel = AlertChannelType.of(channelName).orElseThrow(() -> FieldErrors.invalid(
                "channel", "must be one of " + AlertChannelType.names()));
        ObjectNode settings = Responses.object().put("ratePerMinute", rate(body));
        ObjectNode secrets = Responses.object();
        switch (channel) {
            case WEBHOOK, SLACK, TEAMS -> {
                String url = TargetFields.url(body, "url");
                secrets.put("url", url);
                settings.put("destination", TargetFields.redactedUrl(url));
            }
            case EMAIL -> email(body, settings, secrets);
            case LOG -> { }
        }
        return new AlertRule(name, types, filter, channel, settings, secrets);
    }

    private static List<String> eventTypes(ObjectNode body) {
        JsonNode value = body.get("eventTypes");
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw FieldErrors.bad("eventTypes", "must be a non-empty array of event types");
        }
        if (value.size() > MAX_EVENT_TYPES) {
            throw FieldErrors.invalid("eventTypes", "at most " + MAX_EVENT_TYPES + " event types");
        }
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode t : value) {
            if (!t.isTextual() || AuditCatalogue.of(t.textValue()).isEmpty()) {
                throw FieldErrors.invalid("eventTypes", "'" + (t.isTextual() && t.textValue().length() < 64
                        ? t.textValue() : "?") + "' is not an event type of the audit catalogue (docs/audit.md)");
            }
            if (NOT_ALERTABLE.contains(t.textValue())) {
                throw FieldErrors.invalid("eventTypes", "alerts on " + t.textValue() + " would feed themselves");
            }
            types.add(t.textValue());
        }
        return new ArrayList<>(types);
    }

    private static int rate(ObjectNode body) {
        JsonNode value = body.get("ratePerMinute");
        if (value == null || value.isNull()) {
            return DEFAULT_RATE_PER_MINUTE;
        }
        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > MAX_RATE_PER_MINUTE) {
            throw FieldErrors.invalid("ratePerMinute", "must be an integer from 1 to " + MAX_RATE_PER_MINUTE);
        }
        return value.intValue();
    }

    private static void email(ObjectNode body, ObjectNode settings, ObjectNode secrets) {
        settings.put("smtpHost", TargetFields.host(body, "smtpHost"));
        String security = Requests.optionalText(body, "smtpSecurity").orElse("starttls");
        if (!SECURITY.contains(security)) {
            throw FieldErrors.invalid("smtpSecurity", "must be starttls, tls or none");
        }
        settings.put("smtpSecurity", security);
        settings.put("smtpPort", TargetFields.port(body, "smtpPort", Optional.of(security.equals("tls") ? 465
                : 587)));
        Requests.optionalText(body, "smtpUser").ifPresent(u -> settings.put("smtpUser", u));
        JsonNode password = body.get("smtpPassword");
        if (password != null && !password.isNull()) {
            if (!password.isTextual() || password.textValue().isEmpty() || password.textValue().length() > 1024) {
                throw FieldErrors.bad("smtpPassword", "must be a non-empty string of at most 1024 characters");
            }
            secrets.put("smtpPassword", password.textValue());
        }
        settings.put("from", address(Requests.text(body, "from"), "from"));
        JsonNode to = body.get("to");
        if (to == null || !to.isArray() || to.isEmpty() || to.size() > MAX_RECIPIENTS) {
            throw FieldErrors.bad("to", "must be an array of 1 to " + MAX_RECIPIENTS + " e-mail addresses");
        }
        ArrayNode recipients = settings.putArray("to");
        to.forEach(t -> recipients.add(address(t.asText(), "to")));
    }

    private static String address(String text, String field) {
        try {
            InternetAddress address = new InternetAddress(text, true);
            address.validate();
            return address.getAddress();
        } catch (AddressException e) {
            throw FieldErrors.invalid(field, "is not a valid e-mail address");
        }
    }

    static AlertRule fromStored(DeliveryTarget t, AtRestKey key) {
        return new AlertRule(t.name(), t.eventTypes(), AlertFilter.of(parse(t.filtersJson())),
                AlertChannelType.of(t.kind()).orElseThrow(), parse(t.settingsJson()), t.secretSealed().map(s -> parse(
                        new String(key.open(s, context(t.name())), StandardCharsets.UTF_8))).orElse(
                        Responses.object()));
    }

    DeliveryTarget toStored(AtRestKey key, Instant now) {
        Optional<byte[]> sealed = secrets.isEmpty() ? Optional.empty()
                : Optional.of(key.seal(secrets.toString().getBytes(StandardCharsets.UTF_8), context(name)));
        return new DeliveryTarget(name, channel.wireName(), settings.toString(), sealed, eventTypes,
                filter.json().toString(), now);
    }

    /** What {@code alert_list} shows: never a secret (URLs by scheme and host only). */
    ObjectNode publicView() {
        ObjectNode view = Responses.object().put("name", name).put("channel", channel.wireName());
        view.set("eventTypes", Responses.strings(eventTypes));
        view.set("filters", filter.json());
        view.set("settings", settings.deepCopy());
        List<String> set = new ArrayList<>();
        secrets.fieldNames().forEachRemaining(set::add);
        view.set("secretsSet", Responses.strings(set));
        return view;
    }

    int ratePerMinute() {
        return settings.path("ratePerMinute").asInt(DEFAULT_RATE_PER_MINUTE);
    }

    AlertChannel channelSender() {
        return switch (channel) {
            case LOG -> new LogAlertChannel();
            case WEBHOOK, SLACK, TEAMS -> new HttpAlertChannel(channel, secrets.path("url").asText());
            case EMAIL -> {
                List<String> to = new ArrayList<>();
                settings.path("to").forEach(t -> to.add(t.asText()));
                yield new EmailAlertChannel(settings.path("smtpHost").asText(), settings.path("smtpPort").asInt(),
                        settings.path("smtpSecurity").asText(), Optional.ofNullable(settings.path("smtpUser")
                        .textValue()), Optional.ofNullable(secrets.path("smtpPassword").textValue()),
                        settings.path("from").asText(), to);
            }
        };
    }

    @Override
    public String toString() {
        return "AlertRule[" + name + ", " + channel.wireName() + "]";
    }

    private static String context(String name) {
        return "alert-rule:" + name;
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
