package io.castellan.server.scheduler;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.Map;

/** {@code validation_failed} errors naming the schedule entry (and the cron field) that is wrong. */
final class ScheduleErrors {

    private ScheduleErrors() {
    }

    static CastellanException invalid(String field, String message) {
        return new CastellanException(ErrorCode.VALIDATION_FAILED, field + ": " + message,
                Map.of(CastellanException.DETAIL_FIELD, field), null);
    }
}
