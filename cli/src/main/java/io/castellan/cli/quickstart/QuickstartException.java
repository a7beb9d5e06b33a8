package io.castellan.cli.quickstart;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;

/** A quickstart step that could not finish: a child process that did not start, a step that timed out. */
final class QuickstartException extends CastellanException {

    QuickstartException(String safeMessage) {
        super(ErrorCode.UNAVAILABLE, safeMessage);
    }
}
