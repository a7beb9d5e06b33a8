package io.castellan.cli.support;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a command-line usage error as one line, {@code castellan: <problem> (see 'castellan CMD --help')}, with
 * exit code 2. Unexpected positional arguments are not echoed (someone may have typed a password as an argument);
 * unknown options are, since option names are not secrets.
 */
public final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName(" ");
        cmd.getErr().println("castellan: " + describe(ex) + " (see '" + name + " --help')");
        cmd.getErr().flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static String describe(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched) {
            java.util.List<String> options = unmatched.getUnmatched().stream().filter(a -> a.startsWith("-")).toList();
            return options.isEmpty() ? "unexpected argument" : "unknown option " + String.join(", ", options);
        }
        return Table.clean(String.valueOf(ex.getMessage()));
    }
}
