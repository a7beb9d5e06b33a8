package io.castellan.model.record;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.Map;

/**
 * A record's JSON could not be read, is too large, or breaks its record type's rules.
 *
 * <p>The message names where the problem is (top-level property, {@code fields[2]}, record type,
 * field type and label) but never quotes a value, because record values are secrets. The code is
 * {@link ErrorCode#BAD_REQUEST} for malformed JSON, {@link ErrorCode#PAYLOAD_TOO_LARGE} for
 * oversized input and {@link ErrorCode#VALIDATION_FAILED} for rule violations.
 */
public final class InvalidRecordException extends CastellanException {

    private static final long serialVersionUID = 1L;

    /**
     * @param code the catalogue entry
     * @param safeMessage a message naming the problem, never a value
     */
    public InvalidRecordException(ErrorCode code, String safeMessage) {
        super(code, safeMessage);
    }

    /**
     * @param code the catalogue entry
     * @param safeMessage a message naming the problem, never a value
     * @param details safe structured details (record type, field)
     */
    public InvalidRecordException(ErrorCode code, String safeMessage, Map<String, String> details) {
        super(code, safeMessage, details, null);
    }
}
