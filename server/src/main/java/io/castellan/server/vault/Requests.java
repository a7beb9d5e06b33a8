package io.castellan.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads fields of a vault request strictly: a missing or ill-typed field is {@code 400 bad_request} with the
 * {@code field} detail naming it; an over-long binary value is {@code 413 payload_too_large}. Messages name fields,
 * never their values.
 */
final class Requests {

    /** Maximum length of an e-mail address. */
    private static final int MAX_EMAIL_LENGTH = 320;

    private Requests() {
    }

    static CastellanException badRequest(String field, String message) {
        return new CastellanException(ErrorCode.BAD_REQUEST, message, Map.of(CastellanException.DETAIL_FIELD, field),
                null);
    }

    static CastellanException tooLarge(String field, int max) {
        return new CastellanException(ErrorCode.PAYLOAD_TOO_LARGE, field + " is larger than the limit of " + max
                + " bytes", Map.of(CastellanException.DETAIL_FIELD, field), null);
    }

    /** A required UID (22 characters of web-safe base64 of 16 bytes). */
    static String uid(JsonNode body, String field) {
        return optionalUid(body, field).orElseThrow(() -> badRequest(field, field + " is required"));
    }

    /** An optional UID: absent or JSON null is empty. */
    static Optional<String> optionalUid(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(uidValue(value, field));
    }

    static String uidValue(JsonNode value, String field) {
        if (!value.isTextual()) {
            throw badRequest(field, field + " must be a UID string");
        }
        if (!Uids.isValid(value.textValue())) {
            throw badRequest(field, field + " is not a valid UID (22 characters of web-safe base64)");
        }
        return value.textValue();
    }

    /**
     * Required standard-base64 bytes of {@code min..max} decoded bytes.
     *
     * @param tooLargeIs413 whether an over-long value is {@code 413 payload_too_large} (a content limit) rather than
     *                      {@code 400 bad_request} (a malformed key)
     */
    static byte[] bytes(JsonNode body, String field, int min, int max, boolean tooLargeIs413) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw badRequest(field, field + " is required");
        }
        if (!value.isTextual()) {
            throw badRequest(field, field + " must be a standard base64 string");
        }
        String text = value.textValue();
        long maxEncoded = 4L * ((max + 2L) / 3L);
        if (text.length() > maxEncoded) {
            throw tooLargeIs413 ? tooLarge(field, max) : badRequest(field, field + " is too long");
        }
        byte[] decoded;
        try {
            decoded = Base64s.decode(text);
        } catch (CryptoException | IllegalArgumentException e) {
            throw badRequest(field, field + " is not valid standard base64");
        }
        if (decoded.length > max) {
            throw tooLargeIs413 ? tooLarge(field, max) : badRequest(field, field + " is too long");
        }
        if (decoded.length < min) {
            throw badRequest(field, field + " is too short");
        }
        return decoded;
    }

    /** A required JSON boolean. */
    static boolean bool(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw badRequest(field, field + " is required");
        }
        if (!value.isBoolean()) {
            throw badRequest(field, field + " must be true or false");
        }
        return value.booleanValue();
    }

    /** An optional JSON boolean: absent or JSON null is false. */
    static boolean optionalBool(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && !value.isNull() && bool(body, field);
    }

    /** A required JSON integer. */
    static long integer(JsonNode body, String field) {
        return optionalInteger(body, field).orElseThrow(() -> badRequest(field, field + " is required"));
    }

    /** An optional JSON integer: absent or JSON null is empty. */
    static OptionalLong optionalInteger(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw badRequest(field, field + " must be an integer");
        }
        return OptionalLong.of(value.longValue());
    }

    /** A required e-mail address (only its shape is checked: non-blank text with an {@code @}). */
    static String email(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw badRequest(field, field + " is required");
        }
        if (!value.isTextual()) {
            throw badRequest(field, field + " must be a string");
        }
        String email = value.textValue().strip();
        if (email.isEmpty() || email.length() > MAX_EMAIL_LENGTH || email.indexOf('@') < 1) {
            throw badRequest(field, field + " is not an e-mail address");
        }
        return email;
    }

    /** A required string that must be one of {@code allowed}. */
    static String oneOf(JsonNode body, String field, String... allowed) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw badRequest(field, field + " is required");
        }
        if (value.isTextual()) {
            for (String a : allowed) {
                if (a.equals(value.textValue())) {
                    return a;
                }
            }
        }
        throw badRequest(field, field + " must be one of " + String.join(", ", allowed));
    }

    /** An optional JSON array: absent or JSON null is empty. */
    static Optional<JsonNode> optionalArray(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw badRequest(field, field + " must be an array");
        }
        return Optional.of(value);
    }

    /** The request body, refusing a missing one. */
    static ObjectNode body(ObjectNode body) {
        if (body == null) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "the request has no body");
        }
        return body;
    }
}
