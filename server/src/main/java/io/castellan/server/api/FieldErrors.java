package io.castellan.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.Map;

/**
 * The errors every command's field reader raises: a missing or ill-typed field is {@code 400 bad_request}, an
 * unacceptable one {@code 400 validation_failed}, both with the {@code field} detail. Messages name fields, never
 * values.
 */
public final class FieldErrors {

    private FieldErrors() {
    }

    /** @return {@code bad_request} naming the field */
    public static CastellanException bad(String field, String message) {
        return new CastellanException(ErrorCode.BAD_REQUEST, field + ": " + message,
                Map.of(CastellanException.DETAIL_FIELD, field), null);
    }

    /** @return {@code validation_failed} naming the field */
    public static CastellanException invalid(String field, String message) {
        return new CastellanException(ErrorCode.VALIDATION_FAILED, field + ": " + message,
                Map.of(CastellanException.DETAIL_FIELD, field), null);
    }

    /** @return the body, or {@code bad_request} when the request has none */
    public static ObjectNode body(ObjectNode body) {
        if (body == null) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "the request has no body");
        }
        return body;
    }
}
