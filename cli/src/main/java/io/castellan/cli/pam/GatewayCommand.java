package io.castellan.cli.pam;

import picocli.CommandLine.Command;

/** {@code castellan pam gateway new|list|remove}. */
@Command(name = "gateway", synopsisSubcommandLabel = "new|list|remove",
        description = "Add gateways to an application (one-time token or ready configuration), list and remove them.",
        subcommands = {GatewayNewCommand.class, GatewayListCommand.class, GatewayRemoveCommand.class})
final class GatewayCommand extends PamGroup {
}
