package io.castellan.cli;

import picocli.CommandLine;

/** Entry point of {@code ./castellan}: builds the command tree and exits with the command's exit code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (!CryptoProviderChoice.install()) {
            System.exit(2);
        }
        Logging.configureFor(args);
        System.exit(commandLine().execute(args));
    }

    /** The full command tree, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CastellanCommand());
        CommandGroups.mount(cli);
        cli.setExecutionExceptionHandler(new ErrorReporter());
        return cli;
    }
}
