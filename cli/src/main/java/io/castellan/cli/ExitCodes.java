package io.castellan.cli;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;

/** Maps failures to process exit codes through the one error catalogue ({@link ErrorCode}, docs/errors.md). */
final class ExitCodes {

    private ExitCodes() {
    }

    static int forException(Exception ex) {
        if (ex instanceof CastellanException ce) {
            return ce.code().exitCode();
        }
        if (ex instanceof IllegalArgumentException) {
            return ErrorCode.BAD_REQUEST.exitCode();
        }
        return ErrorCode.INTERNAL.exitCode();
    }
}
