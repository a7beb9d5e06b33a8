package io.castellan.sdk.notation;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;

/**
 * A Keeper notation that cannot be parsed ({@link ErrorCode#BAD_REQUEST}: syntax, an ambiguous record, field or file)
 * or whose target does not exist ({@link ErrorCode#NOT_FOUND}). Messages quote the notation's own parts (record
 * title or UID, field type or label, index), which the caller wrote, and never a value of a record.
 */
public final class NotationException extends CastellanException {

    private static final long serialVersionUID = 1L;

    /**
     * @param code {@link ErrorCode#BAD_REQUEST} or {@link ErrorCode#NOT_FOUND}
     * @param message what is wrong
     */
    public NotationException(ErrorCode code, String message) {
        super(code, "notation error: " + message);
    }

    static NotationException syntax(String message) {
        return new NotationException(ErrorCode.BAD_REQUEST, message);
    }
}
