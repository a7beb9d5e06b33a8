package io.castellan.model.recordtype;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.model.record.JsonValues;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Checks a field's values against its {@link FieldTypeDefinition}. Problems are reported without
 * values, with one exception: a rejected port of a non-sensitive field is quoted (it is a short
 * number and quoting it is what makes the message useful).
 */
final class FieldValueChecker {

    private FieldValueChecker() {
    }

    static void check(FieldTypeDefinition type, List<JsonNode> values, Consumer<String> problems) {
        for (int i = 0; i < values.size(); i++) {
            String where = values.size() > 1 ? "value " + (i + 1) + ": " : "";
            JsonNode value = values.get(i);
            if (!matches(type.value(), value)) {
                problems.accept(where + "expected " + article(type.value()) + ", got " + JsonValues.kind(value));
                continue;
            }
            if (value.isObject()) {
                checkKeys(type, value, where, problems);
            }
        }
    }

    private static void checkKeys(FieldTypeDefinition type, JsonNode object, String where, Consumer<String> problems) {
        for (Map.Entry<String, ValueShape> key : type.keys().entrySet()) {
            JsonNode member = object.get(key.getKey());
            if (member == null || member.isNull()) {
                continue;
            }
            if (key.getValue() == ValueShape.PORT) {
                checkPort(key.getKey(), member, type.sensitive(), where, problems);
            } else if (!matches(key.getValue(), member)) {
                problems.accept(where + key.getKey() + " must be " + article(key.getValue())
                        + ", got " + JsonValues.kind(member));
            }
        }
        if ("schedule".equals(type.name()) && "CRON".equalsIgnoreCase(object.path("type").asText())
                && JsonValues.isBlank(object.get("cron"))) {
            problems.accept(where + "a CRON schedule needs a cron expression");
        }
    }

    private static void checkPort(String key, JsonNode port, boolean sensitive, String where, Consumer<String> problems) {
        String text;
        if (port.isIntegralNumber()) {
            text = port.asText();
        } else if (port.isTextual()) {
            text = port.textValue();
            if (text.isEmpty()) {
                return;
            }
        } else {
            problems.accept(where + key + " must be a number or a string, got " + JsonValues.kind(port));
            return;
        }
        boolean digits = !text.isEmpty() && text.length() <= 10 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        if (digits && Long.parseLong(text) >= 1 && Long.parseLong(text) <= 65535) {
            return;
        }
        boolean quotable = !sensitive && text.length() <= 16 && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        String shown = quotable ? (port.isTextual() ? " \"" + text + "\"" : " " + text) : "";
        problems.accept(where + key + shown + (digits ? " is out of range 1-65535" : " is not a port number (1-65535)"));
    }

    private static boolean matches(ValueShape shape, JsonNode value) {
        return switch (shape) {
            case STRING -> value.isTextual();
            case NUMBER -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
            case OBJECT -> value.isObject();
            case PORT -> value.isTextual() || value.isIntegralNumber();
            case STRING_ARRAY -> value.isArray() && allTextual(value);
            case ANY -> true;
        };
    }

    private static boolean allTextual(JsonNode array) {
        for (JsonNode v : array) {
            if (!v.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String article(ValueShape shape) {
        return switch (shape) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean (true or false)";
            case OBJECT -> "an object";
            case PORT -> "a port";
            case STRING_ARRAY -> "an array of strings";
            case ANY -> "any value";
        };
    }
}
