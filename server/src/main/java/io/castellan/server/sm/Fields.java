package io.castellan.server.sm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.server.api.FieldErrors;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Strict reads of application-command fields: a missing or ill-typed field is {@code 400 bad_request} with the
 * {@code field} detail; messages name fields, never values. Binary values are standard base64.
 */
final class Fields {

    private Fields() {
    }

    static CastellanException bad(String field, String message) {
        return FieldErrors.bad(field, message);
    }

    static CastellanException invalid(String field, String message) {
        return FieldErrors.invalid(field, message);
    }

    static ObjectNode body(ObjectNode body) {
        return FieldErrors.body(body);
    }

    static String uid(JsonNode body, String field) {
        return optionalUid(body, field).orElseThrow(() -> bad(field, "is required"));
    }

    static Optional<String> optionalUid(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || !Uids.isValid(value.textValue())) {
            throw bad(field, "is not a valid UID (22 characters of web-safe base64)");
        }
        return Optional.of(value.textValue());
    }

    /** Required standard base64 of {@code min..max} decoded bytes. */
    static byte[] bytes(JsonNode body, String field, int min, int max) {
        return optionalBytes(body, field, min, max).orElseThrow(() -> bad(field, "is required"));
    }

    static Optional<byte[]> optionalBytes(JsonNode body, String field, int min, int max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw bad(field, "must be a standard base64 string");
        }
        if (value.textValue().length() > 4L * ((max + 2L) / 3L)) {
            throw bad(field, "is too long");
        }
        byte[] decoded;
        try {
            decoded = Base64s.decode(value.textValue());
        } catch (CryptoException e) {
            throw bad(field, "is not valid standard base64");
        }
        if (decoded.length < min || decoded.length > max) {
            throw bad(field, min == max ? "must be " + min + " bytes" : "must be " + min + " to " + max + " bytes");
        }
        return Optional.of(decoded);
    }

    /** An optional boolean; {@code fallback} when absent. */
    static boolean flag(JsonNode body, String field, boolean fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw bad(field, "must be true or false");
        }
        return value.booleanValue();
    }

    static OptionalLong optionalLong(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw bad(field, "must be an integer (epoch milliseconds)");
        }
        return OptionalLong.of(value.longValue());
    }

    /** An optional string of at most {@code maxLength} characters, not blank, without control characters. */
    static Optional<String> optionalText(JsonNode body, String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw bad(field, "must be a string");
        }
        String text = value.textValue().strip();
        if (text.isEmpty()) {
            throw bad(field, "must not be empty");
        }
        if (text.length() > maxLength) {
            throw bad(field, "is longer than " + maxLength + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw bad(field, "must not contain control characters");
        }
        return Optional.of(text);
    }

    /** A required string that must be one of {@code allowed}. */
    static String oneOf(JsonNode body, String field, String... allowed) {
        return optionalOneOf(body, field, allowed).orElseThrow(() -> bad(field, "is required"));
    }

    static Optional<String> optionalOneOf(JsonNode body, String field, String... allowed) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isTextual()) {
            for (String a : allowed) {
                if (a.equals(value.textValue())) {
                    return Optional.of(a);
                }
            }
        }
        throw bad(field, "must be one of " + String.join(", ", allowed));
    }
}
