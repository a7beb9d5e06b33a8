package io.castellan.cli.vault;

import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import picocli.CommandLine.Command;

/**
 * {@code castellan logout}: revokes the session on the server and removes it from the config file. The local copy
 * is removed even when the server cannot be told (the stored key blob is useless without the server's session key).
 */
@Command(name = "logout", description = "End the session and forget it locally.")
public final class LogoutCommand extends CastellanSubcommand {

    @Override
    protected int execute() {
        Printer printer = printer();
        if (context().config().session() == null) {
            printer.line("Not logged in.");
            return 0;
        }
        try {
            context().client().logout();
        } catch (CastellanException e) {
            if (e.code() != ErrorCode.UNAUTHENTICATED) {
                printer.warn("the server was not told (" + e.getMessage() + "); the session ends at its timeout");
            }
        } finally {
            context().save(context().config().loggedOut());
        }
        printer.line("Logged out.");
        return 0;
    }
}
