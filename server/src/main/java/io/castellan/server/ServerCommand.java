package io.castellan.server;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code castellan server}: the command group that runs the Castellan server. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = "Run, back up and restore the Castellan server.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {ServerStartCommand.class, ServerBackupCommand.class, ServerRestoreCommand.class,
            ServerRotateTransmissionKeyCommand.class, ServerRenewCertCommand.class})
public final class ServerCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
