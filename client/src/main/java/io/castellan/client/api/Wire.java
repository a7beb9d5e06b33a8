package io.castellan.client.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading and writing the JSON of the API: binary values are standard base64, times are epoch milliseconds. Reads
 * are tolerant of extra properties (newer servers add them) and strict about the ones this client needs: a missing
 * or mistyped one is the server's fault ({@link ErrorCode#INTERNAL}), never echoed.
 */
public final class Wire {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Wire() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static String b64(byte[] bytes) {
        return Base64s.encode(bytes);
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw missing(field);
        }
        return value.textValue();
    }

    public static String optText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    public static byte[] bytes(JsonNode node, String field) {
        try {
            return Base64s.decode(text(node, field));
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "the server sent invalid base64 in " + field);
        }
    }

    public static long longValue(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw missing(field);
        }
        return value.longValue();
    }

    public static int intValue(JsonNode node, String field) {
        long value = longValue(node, field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw missing(field);
        }
        return (int) value;
    }

    public static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isBoolean() && value.booleanValue();
    }

    /** @return an instant from epoch milliseconds or ISO-8601 text, or {@code null} when absent */
    public static Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.longValue());
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw missing(field);
        }
    }

    public static List<JsonNode> array(JsonNode node, String field) {
        JsonNode value = node.get(field);
        List<JsonNode> out = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(out::add);
        }
        return out;
    }

    /** @return the elements of an array as text (numbers and booleans as their JSON text) */
    public static List<String> texts(JsonNode node, String field) {
        return array(node, field).stream().map(v -> v.isValueNode() ? v.asText() : v.toString()).toList();
    }

    private static CastellanException missing(String field) {
        return new CastellanException(ErrorCode.INTERNAL, "the server's answer lacks a valid " + field);
    }
}
