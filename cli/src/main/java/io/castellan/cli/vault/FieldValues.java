package io.castellan.cli.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import io.castellan.model.recordtype.FieldTypeDefinition;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Converts the text of a {@code FIELD=VALUE} argument into the JSON values its field type stores: strings as they
 * are; numbers (dates also as {@code YYYY-MM-DD}, stored as epoch milliseconds UTC); booleans
 * ({@code true/false/yes/no/1/0}); {@code host}/{@code pamHostname} as {@code HOST[:PORT]}; {@code phone} as a
 * number; and any value as JSON after the prefix {@value #JSON_PREFIX} (an array gives several values).
 * {@value #GENERATE} in a {@code password} or {@code secret} field generates a random password.
 */
final class FieldValues {

    /** Prefix of a raw JSON value, as in Commander. */
    static final String JSON_PREFIX = "$JSON:";
    /** Value that asks for a generated password. */
    static final String GENERATE = "$GEN";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = Json.newMapper();

    private FieldValues() {
    }

    /**
     * @param definition the field type
     * @param recordType the record's type, for messages
     * @param spec the argument
     * @return the values to store (empty to clear the field)
     */
    static List<JsonNode> convert(FieldTypeDefinition definition, String recordType, FieldSpec spec) {
        String raw = spec.value();
        if (raw.isEmpty()) {
            return List.of();
        }
        if (raw.startsWith(JSON_PREFIX)) {
            return json(raw.substring(JSON_PREFIX.length()), recordType, spec);
        }
        return List.of(switch (definition.value()) {
            case STRING -> NODES.textNode(GENERATE.equals(raw) && isGeneratable(spec.type())
                    ? PasswordGenerator.generate(PasswordGenerator.DEFAULT_LENGTH) : raw);
            case NUMBER -> number(raw, recordType, spec);
            case BOOLEAN -> bool(raw, recordType, spec);
            default -> object(raw, recordType, spec);
        });
    }

    private static boolean isGeneratable(String type) {
        return "password".equals(type) || "secret".equals(type);
    }

    private static List<JsonNode> json(String text, String recordType, FieldSpec spec) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null) {
                throw new IOException("empty");
            }
            List<JsonNode> out = new ArrayList<>();
            if (node.isArray()) {
                node.forEach(out::add);
            } else {
                out.add(node);
            }
            return out;
        } catch (IOException e) {
            throw invalid(recordType, spec, "the " + JSON_PREFIX + " value is not valid JSON");
        }
    }

    private static JsonNode number(String raw, String recordType, FieldSpec spec) {
        try {
            return NODES.numberNode(Long.parseLong(raw.strip()));
        } catch (NumberFormatException e) {
            try {
                return NODES.numberNode(LocalDate.parse(raw.strip()).atStartOfDay(ZoneOffset.UTC).toInstant()
                        .toEpochMilli());
            } catch (DateTimeParseException e2) {
                throw invalid(recordType, spec, "needs a number or a date YYYY-MM-DD");
            }
        }
    }

    private static JsonNode bool(String raw, String recordType, FieldSpec spec) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> NODES.booleanNode(true);
            case "false", "no", "0", "off" -> NODES.booleanNode(false);
            default -> throw invalid(recordType, spec, "needs true or false");
        };
    }

    private static JsonNode object(String raw, String recordType, FieldSpec spec) {
        switch (spec.type()) {
            case "host", "pamHostname" -> {
                return hostPort(raw.strip(), recordType, spec);
            }
            case "phone" -> {
                return NODES.objectNode().put("number", raw);
            }
            default -> throw invalid(recordType, spec, "needs a JSON value: " + spec.displayName().replace(':', '.')
                    + "='" + JSON_PREFIX + "{...}'");
        }
    }

    private static ObjectNode hostPort(String raw, String recordType, FieldSpec spec) {
        String host = raw;
        String port = "";
        if (raw.startsWith("[")) {
            int close = raw.indexOf(']');
            if (close < 0) {
                throw invalid(recordType, spec, "an IPv6 address must be written [ADDRESS]:PORT");
            }
            host = raw.substring(1, close);
            port = raw.length() > close + 1 && raw.charAt(close + 1) == ':' ? raw.substring(close + 2) : "";
        } else if (raw.indexOf(':') == raw.lastIndexOf(':') && raw.indexOf(':') >= 0) {
            host = raw.substring(0, raw.indexOf(':'));
            port = raw.substring(raw.indexOf(':') + 1);
        }
        if (host.isEmpty() || !port.matches("\\d{0,5}") || (!port.isEmpty()
                && (Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535))) {
            throw invalid(recordType, spec, "needs HOST[:PORT] with a port from 1 to 65535");
        }
        return NODES.objectNode().put("hostName", host).put("port", port);
    }

    private static CastellanException invalid(String recordType, FieldSpec spec, String problem) {
        return new CastellanException(ErrorCode.VALIDATION_FAILED, recordType + ": field " + spec.displayName() + ": "
                + problem, java.util.Map.of("recordType", recordType, "field", spec.displayName()), null);
    }
}
