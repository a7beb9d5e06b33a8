package io.castellan.cli.audit;

import io.castellan.cli.support.CastellanSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code castellan audit sink remove NAME}. */
@Command(name = "remove", description = "Remove a SIEM sink (events stop going to it; its cursor is dropped).")
public final class SinkRemoveCommand extends CastellanSubcommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    protected int execute() {
        context().client().audit().sinkRemove(name);
        printer().line("Removed sink " + name + ".");
        return 0;
    }
}
