package io.castellan.cli.audit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code castellan audit export|verify|sink}. */
@Command(name = "audit", synopsisSubcommandLabel = "export|verify|sink",
        description = "Export and verify the tamper-evident audit trail (administrators only).",
        subcommands = {AuditExportCommand.class, AuditVerifyCommand.class, AuditSinkCommand.class})
public final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
