package io.castellan.cli.support;

import io.castellan.crypto.CryptoException;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the user commands: the global options, a {@link ClientContext} and a {@link Printer}, and one rule for
 * failures — whatever goes wrong leaves as a {@link CastellanException} with a safe one-line message, which the CLI's
 * error reporter prints as {@code castellan: <message>} with the catalogue's exit code (no stack trace).
 */
public abstract class CastellanSubcommand implements Callable<Integer> {

    @Mixin
    protected GlobalOptions globals;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Spec
    protected CommandSpec spec;

    private ClientContext context;

    /** @return the context built from the global options */
    protected ClientContext context() {
        if (context == null) {
            context = new ClientContext(globals);
        }
        return context;
    }

    /** @return the printer for this command's output */
    protected Printer printer() {
        return new Printer(spec.commandLine().getOut(), spec.commandLine().getErr(), globals.format());
    }

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (CastellanException e) {
            throw e;
        } catch (CryptoException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "a cryptographic check failed: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "an I/O operation failed", java.util.Map.of(), e);
        } catch (IllegalArgumentException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, String.valueOf(e.getMessage()));
        } catch (Exception e) {
            throw new CastellanException(ErrorCode.INTERNAL, "internal error (" + e.getClass().getSimpleName()
                    + "); set CASTELLAN_DEBUG=1 for details", java.util.Map.of(), e);
        }
    }

    /**
     * Runs the command.
     *
     * @return the exit code (0 on success)
     * @throws Exception anything; converted as described in the class comment
     */
    protected abstract int execute() throws Exception;
}
