package io.castellan.cli.pam;

import picocli.CommandLine.Command;

/** {@code castellan pam gateway|action …}. */
@Command(name = "pam", synopsisSubcommandLabel = "gateway|action",
        description = "Privileged access management: gateways and the actions they run.",
        subcommands = {GatewayCommand.class, ActionCommand.class})
public final class PamCommand extends PamGroup {
}
