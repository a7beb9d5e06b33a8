package io.castellan.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception escaping a command into one line on standard error and an exit code, without a stack trace
 * (stack traces may carry values the user typed). {@code CASTELLAN_DEBUG=1} prints the trace for developers.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        cmd.getErr().println("castellan: " + ex.getMessage());
        if ("1".equals(System.getenv("CASTELLAN_DEBUG"))) {
            ex.printStackTrace(cmd.getErr());
        }
        return ExitCodes.forException(ex);
    }
}
