package io.castellan.server.audit.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.json.Json;
import io.castellan.server.account.AtRestKey;
import io.castellan.server.api.FieldErrors;
import io.castellan.server.api.Requests;
import io.castellan.server.api.Responses;
import io.castellan.store.DeliveryTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One sink's validated configuration: its type, non-secret settings ({@code host}, {@code port}, {@code facility},
 * {@code caFile}, {@code url}, {@code path}) and secret settings ({@code token} of Splunk HEC, {@code authorization}
 * of a webhook), which are stored sealed with the at-rest key and never shown.
 */
public record SinkSettings(String name, SinkType type, ObjectNode settings, ObjectNode secrets) {

    private static final ObjectMapper MAPPER = Json.newMapper();
    /** The longest secret value accepted (a token or an Authorization header). */
    static final int MAX_SECRET_LENGTH = 4096;

    /** Validates a {@code audit_sink_add} request body. */
    public static SinkSettings fromRequest(ObjectNode body) {
        String name = TargetFields.name(body);
        String typeName = Requests.text(body, "type");
        SinkType type = SinkType.of(typeName).orElseThrow(() -> FieldErrors.invalid("type",
                "must be one of " + SinkType.names()));
        ObjectNode settings = Responses.object();
        ObjectNode secrets = Responses.object();
        switch (type) {
            case SYSLOG_TCP, SYSLOG_UDP, SYSLOG_TLS -> {
                settings.put("host", TargetFields.host(body, "host"));
                settings.put("port", TargetFields.port(body, "port", Optional.of(type == SinkType.SYSLOG_TLS
                        ? 6514 : 514)));
                String facility = Requests.optionalText(body, "facility").orElse(SyslogFormat.DEFAULT_FACILITY);
                if (SyslogFormat.facilityCode(facility).isEmpty()) {
                    throw FieldErrors.invalid("facility", "must be one of " + SyslogFormat.facilityNames());
                }
                settings.put("facility", facility);
                if (type == SinkType.SYSLOG_TLS && body.hasNonNull("caFile")) {
                    settings.put("caFile", TargetFields.readableFile(body, "caFile"));
                }
            }
            case WEBHOOK -> {
                settings.put("url", TargetFields.url(body, "url"));
                secret(body, "authorization", false).ifPresent(v -> secrets.put("authorization", v));
            }
            case SPLUNK_HEC -> {
                settings.put("url", TargetFields.url(body, "url"));
                secrets.put("token", secret(body, "token", true).orElseThrow());
            }
            case FILE -> settings.put("path", TargetFields.absolutePath(body, "path"));
        }
        refuseUnused(body, type);
        return new SinkSettings(name, type, settings, secrets);
    }

    /** A field that belongs to another sink type is a mistake worth naming, not something to ignore. */
    private static void refuseUnused(ObjectNode body, SinkType type) {
        List<String> allowed = switch (type) {
            case SYSLOG_TCP, SYSLOG_UDP -> List.of("host", "port", "facility");
            case SYSLOG_TLS -> List.of("host", "port", "facility", "caFile");
            case WEBHOOK -> List.of("url", "authorization");
            case SPLUNK_HEC -> List.of("url", "token");
            case FILE -> List.of("path");
        };
        List<String> sinkFields = List.of("host", "port", "facility", "caFile", "url", "authorization", "token",
                "path");
        body.fieldNames().forEachRemaining(field -> {
            if (sinkFields.contains(field) && !allowed.contains(field) && !body.get(field).isNull()) {
                throw FieldErrors.invalid(field, "does not apply to a " + type.wireName() + " sink");
            }
        });
    }

    static Optional<String> secret(ObjectNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw FieldErrors.bad(field, "is required");
            }
            return Optional.empty();
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw FieldErrors.bad(field, "must be a non-empty string");
        }
        if (value.textValue().length() > MAX_SECRET_LENGTH || value.textValue().chars().anyMatch(c -> c < 0x20)) {
            throw FieldErrors.invalid(field, "must be at most " + MAX_SECRET_LENGTH
                    + " characters without control characters");
        }
        return Optional.of(value.textValue());
    }

    /** Reads a stored sink back, opening its secrets. */
    public static SinkSettings fromStored(DeliveryTarget stored, AtRestKey key) {
        SinkType type = SinkType.of(stored.kind()).orElseThrow(() -> new IllegalStateException(
                "sink " + stored.name() + " has an unknown type"));
        return new SinkSettings(stored.name(), type, parse(stored.settingsJson()),
                stored.secretSealed().map(s -> parse(new String(key.open(s, context(stored.name())),
                        StandardCharsets.UTF_8))).orElse(Responses.object()));
    }

    /** The row to store: secrets sealed for this sink's name. */
    public DeliveryTarget toStored(AtRestKey key, Instant now) {
        Optional<byte[]> sealed = secrets.isEmpty() ? Optional.empty()
                : Optional.of(key.seal(secrets.toString().getBytes(StandardCharsets.UTF_8), context(name)));
        return new DeliveryTarget(name, type.wireName(), settings.toString(), sealed, List.of(), "{}", now);
    }

    /** What {@code audit_sink_list} shows: the settings and which secrets are set, never their values. */
    public ObjectNode publicView() {
        ObjectNode view = Responses.object().put("name", name).put("type", type.wireName());
        view.set("settings", settings.deepCopy());
        view.set("secretsSet", Responses.strings(iterable(secrets)));
        return view;
    }

    public String text(String field) {
        return settings.path(field).asText();
    }

    public Optional<String> secret(String field) {
        return secrets.hasNonNull(field) ? Optional.of(secrets.get(field).asText()) : Optional.empty();
    }

    @Override
    public String toString() {
        return "SinkSettings[" + name + ", " + type.wireName() + "]";
    }

    private static List<String> iterable(ObjectNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String context(String name) {
        return "audit-sink:" + name;
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
