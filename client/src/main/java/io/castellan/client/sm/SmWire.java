package io.castellan.client.sm;

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
 * JSON reading for the {@code app_*} answers, with the same rules as the rest of the client: tolerant of extra
 * properties, strict about the ones needed (a missing one is the server's fault, {@link ErrorCode#INTERNAL}, and no
 * value is echoed).
 */
final class SmWire {

    private SmWire() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static String b64(byte[] bytes) {
        return Base64s.encode(bytes);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw missing(field);
        }
        return value.textValue();
    }

    static String optText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    static byte[] bytes(JsonNode node, String field) {
        try {
            return Base64s.decode(text(node, field));
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "the server sent invalid base64 in " + field);
        }
    }

    static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isBoolean() && value.booleanValue();
    }

    /** @return an instant from epoch milliseconds or ISO-8601 text, or {@code null} when absent or null */
    static Instant instant(JsonNode node, String field) {
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

    static List<JsonNode> array(JsonNode node, String field) {
        JsonNode value = node.get(field);
        List<JsonNode> out = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(out::add);
        }
        return out;
    }

    private static CastellanException missing(String field) {
        return new CastellanException(ErrorCode.INTERNAL, "the server's answer lacks a valid " + field);
    }
}
