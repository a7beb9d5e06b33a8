package io.castellan.server.api;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.Map;

/** Short-hands for the failures commands raise most; every message here is safe to show (no value the user sent). */
public final class ApiFailures {

    private ApiFailures() {
    }

    /** {@code bad_request} about one request field. */
    public static CastellanException badField(String field, String problem) {
        return new CastellanException(ErrorCode.BAD_REQUEST, field + ": " + problem,
                Map.of(CastellanException.DETAIL_FIELD, field), null);
    }

    /** {@code validation_failed} about one request field. */
    public static CastellanException invalidField(String field, String problem) {
        return new CastellanException(ErrorCode.VALIDATION_FAILED, field + ": " + problem,
                Map.of(CastellanException.DETAIL_FIELD, field), null);
    }

    public static CastellanException notFound(String what) {
        return new CastellanException(ErrorCode.NOT_FOUND, what);
    }

    public static CastellanException conflict(String what) {
        return new CastellanException(ErrorCode.CONFLICT, what);
    }

    public static CastellanException unauthenticated(String what) {
        return new CastellanException(ErrorCode.UNAUTHENTICATED, what);
    }

    public static CastellanException forbidden(String what) {
        return new CastellanException(ErrorCode.FORBIDDEN, what);
    }
}
