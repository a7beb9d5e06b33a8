package io.castellan.cli.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.Printer;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;

/** Prints the answer of a sink or alert test; a refused test fails the command ({@code target_failed}). */
final class TestOutcome {

    private TestOutcome() {
    }

    static int report(Printer printer, ObjectNode answer, String what) {
        if (!answer.path("delivered").asBoolean()) {
            throw new CastellanException(ErrorCode.TARGET_FAILED, what + " did not accept the test: "
                    + answer.path("error").asText());
        }
        if (printer.json()) {
            printer.json(answer);
        } else {
            printer.line("Delivered a test message to " + what + ".");
        }
        return 0;
    }
}
