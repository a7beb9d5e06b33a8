package io.castellan.cli.audit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code castellan alert add|edit|list|test|remove}. */
@Command(name = "alert", synopsisSubcommandLabel = "add|edit|list|test|remove",
        description = "Alert rules on audit events: webhook, Slack, Teams or e-mail (administrators only).",
        subcommands = {AlertAddCommand.class, AlertEditCommand.class, AlertListCommand.class, AlertTestCommand.class,
            AlertRemoveCommand.class})
public final class AlertCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
