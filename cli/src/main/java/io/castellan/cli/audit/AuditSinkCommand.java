package io.castellan.cli.audit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code castellan audit sink add|list|test|remove}. */
@Command(name = "sink", synopsisSubcommandLabel = "add|list|test|remove",
        description = "SIEM export sinks: syslog (TCP, TLS, UDP), webhook, Splunk HEC, file (administrators only).",
        subcommands = {SinkAddCommand.class, SinkListCommand.class, SinkTestCommand.class, SinkRemoveCommand.class})
public final class AuditSinkCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
