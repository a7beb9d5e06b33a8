package io.castellan.cli.pam;

import picocli.CommandLine.Command;

/** {@code castellan pam action gateway-info|job-info}. */
@Command(name = "action", synopsisSubcommandLabel = "gateway-info|job-info",
        description = "Actions run through gateways, and their jobs.",
        subcommands = {GatewayInfoCommand.class, JobInfoCommand.class})
final class ActionCommand extends PamGroup {
}
