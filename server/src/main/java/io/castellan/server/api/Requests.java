package io.castellan.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import java.util.Locale;
import java.util.Optional;

/**
 * Typed reads of request fields for commands. A missing or mistyped field is a {@code bad_request} naming the field
 * (never its value). Binary values are standard base64, as docs/api.md says.
 */
public final class Requests {

    /** Longest e-mail address accepted (RFC 5321 path limit). */
    public static final int MAX_EMAIL_LENGTH = 254;
    /** Longest plain text field (names) accepted unless a command says otherwise. */
    public static final int MAX_TEXT_LENGTH = 1024;

    private Requests() {
    }

    /** A required non-blank string of at most {@link #MAX_TEXT_LENGTH} characters. */
    public static String text(ObjectNode body, String field) {
        return optionalText(body, field).orElseThrow(() -> ApiFailures.badField(field, "is required"));
    }

    /** An optional string (absent or JSON null: empty); present but blank or too long is refused. */
    public static Optional<String> optionalText(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiFailures.badField(field, "must be a string");
        }
        String text = value.textValue();
        if (text.isBlank()) {
            throw ApiFailures.badField(field, "must not be empty");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw ApiFailures.badField(field, "is too long");
        }
        return Optional.of(text);
    }

    /** Required standard-base64 bytes. */
    public static byte[] bytes(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw ApiFailures.badField(field, "is required");
        }
        if (!value.isTextual()) {
            throw ApiFailures.badField(field, "must be a base64 string");
        }
        try {
            return Base64s.decode(value.textValue());
        } catch (CryptoException e) {
            throw ApiFailures.badField(field, "is not valid standard base64");
        }
    }

    /** Required base64 bytes of exactly {@code length} bytes. */
    public static byte[] bytes(ObjectNode body, String field, int length) {
        byte[] bytes = bytes(body, field);
        if (bytes.length != length) {
            throw ApiFailures.badField(field, "must be " + length + " bytes");
        }
        return bytes;
    }

    /** Required integer within int range. */
    public static int integer(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw ApiFailures.badField(field, "is required");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiFailures.badField(field, "must be an integer");
        }
        return value.intValue();
    }

    /** Optional boolean, false when absent. */
    public static boolean flag(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiFailures.badField(field, "must be true or false");
        }
        return value.booleanValue();
    }

    /** A required e-mail address, trimmed and in lower case. */
    public static String email(ObjectNode body, String field) {
        return normaliseEmail(field, text(body, field));
    }

    /**
     * {@code raw} trimmed and in lower case, if it looks like an e-mail address (one {@code @} with text either side,
     * no spaces or control characters, at most {@link #MAX_EMAIL_LENGTH} characters).
     *
     * @throws io.castellan.model.error.CastellanException {@code bad_request} naming {@code field} otherwise
     */
    public static String normaliseEmail(String field, String raw) {
        if (raw == null) {
            throw ApiFailures.badField(field, "is required");
        }
        String email = raw.strip().toLowerCase(Locale.ROOT);
        int at = email.indexOf('@');
        if (email.length() > MAX_EMAIL_LENGTH || at < 1 || at != email.lastIndexOf('@') || at == email.length() - 1
                || email.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw ApiFailures.badField(field, "is not an e-mail address");
        }
        return email;
    }
}
