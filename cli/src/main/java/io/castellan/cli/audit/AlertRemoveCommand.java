package io.castellan.cli.audit;

import io.castellan.cli.support.CastellanSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code castellan alert remove NAME}. */
@Command(name = "remove", description = "Remove an alert rule.")
public final class AlertRemoveCommand extends CastellanSubcommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    protected int execute() {
        context().client().audit().alertRemove(name);
        printer().line("Removed alert rule " + name + ".");
        return 0;
    }
}
