package io.castellan.server.pam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.server.api.FieldErrors;
import java.util.Optional;

/**
 * Strict reads of PAM request fields: a missing or ill-typed field is {@code 400 bad_request}, a well-formed but
 * unacceptable one {@code 400 validation_failed}, both with the {@code field} detail; messages name fields, never
 * values.
 */
final class PamFields {

    /** A Secrets Manager client id: standard base64 of 64 bytes (HMAC-SHA512). */
    private static final int CLIENT_ID_BYTES = 64;

    private PamFields() {
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

    static boolean present(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && !value.isNull();
    }

    static String uid(JsonNode body, String field) {
        return optionalUid(body, field).orElseThrow(() -> bad(field, "is required"));
    }

    static Optional<String> optionalUid(JsonNode body, String field) {
        if (!present(body, field)) {
            return Optional.empty();
        }
        JsonNode value = body.get(field);
        if (!value.isTextual() || !Uids.isValid(value.textValue())) {
            throw bad(field, "is not a valid UID (22 characters of web-safe base64)");
        }
        return Optional.of(value.textValue());
    }

    /** A gateway's Secrets Manager client id (88 characters of standard base64). */
    static Optional<String> optionalClientId(JsonNode body, String field) {
        if (!present(body, field)) {
            return Optional.empty();
        }
        JsonNode value = body.get(field);
        if (!value.isTextual() || value.textValue().length() != 88) {
            throw bad(field, "is not a gateway client id (88 characters of standard base64)");
        }
        try {
            if (Base64s.decode(value.textValue()).length != CLIENT_ID_BYTES) {
                throw bad(field, "is not a gateway client id (88 characters of standard base64)");
            }
        } catch (CryptoException e) {
            throw bad(field, "is not a gateway client id (88 characters of standard base64)");
        }
        return Optional.of(value.textValue());
    }

    /** Required standard base64 of {@code min..max} decoded bytes. */
    static byte[] bytes(JsonNode body, String field, int min, int max) {
        if (!present(body, field)) {
            throw bad(field, "is required");
        }
        JsonNode value = body.get(field);
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
            throw bad(field, "must be " + min + " to " + max + " bytes");
        }
        return decoded;
    }

    /** An optional boolean. */
    static Optional<Boolean> optionalFlag(JsonNode body, String field) {
        if (!present(body, field)) {
            return Optional.empty();
        }
        JsonNode value = body.get(field);
        if (!value.isBoolean()) {
            throw bad(field, "must be true or false");
        }
        return Optional.of(value.booleanValue());
    }

    static Optional<String> optionalOneOf(JsonNode body, String field, Iterable<String> allowed) {
        if (!present(body, field)) {
            return Optional.empty();
        }
        JsonNode value = body.get(field);
        if (value.isTextual()) {
            for (String a : allowed) {
                if (a.equals(value.textValue())) {
                    return Optional.of(a);
                }
            }
        }
        throw invalid(field, "must be one of " + String.join(", ", allowed));
    }
}
