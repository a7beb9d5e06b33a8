package io.castellan.model.record;

import com.fasterxml.jackson.databind.JsonNode;

/** Small helpers over record values that several classes share. */
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * Whether a value carries no content: {@code null}, an empty or whitespace-only string, or an
     * object or array whose every member is blank. Numbers and booleans are never blank. This is
     * what "present and non-empty" means for a required field.
     *
     * @param value a value, may be {@code null}
     * @return whether it is blank
     */
    public static boolean isBlank(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return true;
        }
        if (value.isTextual()) {
            return value.textValue().isBlank();
        }
        if (value.isContainerNode()) {
            for (JsonNode member : value) {
                if (!isBlank(member)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * @param value a JSON value
     * @return a safe, value-free name of its kind: "a string", "a number", "an object"...
     */
    public static String kind(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "null";
        }
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isArray()) {
            return "an array";
        }
        return value.isObject() ? "an object" : "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
