package io.castellan.gateway;

import io.castellan.model.error.CastellanException;
import picocli.CommandLine;

/** Entry point of {@code ./castellan-gateway}. */
public final class GatewayMain {

    /** Exit code of an unexpected failure (a bug); expected failures exit with their error code's number. */
    static final int INTERNAL_ERROR = 1;

    private GatewayMain() {
    }

    public static void main(String[] args) {
        try {
            io.castellan.crypto.CryptoProviders.install();
        } catch (IllegalStateException e) {
            System.err.println("castellan-gateway: " + e.getMessage());
            System.exit(2);
        }
        System.exit(commandLine(GatewayEnvironment.forProcess()).execute(args));
    }

    /**
     * @param environment what the commands take from outside
     * @return the command tree; errors are printed scrubbed, one line, and exit with the catalogue's code
     */
    public static CommandLine commandLine(GatewayEnvironment environment) {
        CommandLine cli = new CommandLine(new GatewayCommand());
        cli.addSubcommand(new GatewayVersionCommand());
        cli.addSubcommand(new OttInitCommand());
        cli.addSubcommand(new StartCommand(environment));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = e instanceof CastellanException ? e.getMessage()
                    : "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
            commandLine.getErr().println("castellan-gateway: " + environment.scrubber().scrub(message));
            return e instanceof CastellanException c ? c.code().exitCode() : INTERNAL_ERROR;
        });
        return cli;
    }
}
