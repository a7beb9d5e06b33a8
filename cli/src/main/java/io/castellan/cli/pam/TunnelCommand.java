package io.castellan.cli.pam;

import picocli.CommandLine.Command;

/** {@code castellan pam tunnel start|list|stop|edit}. */
@Command(name = "tunnel", synopsisSubcommandLabel = "start|list|stop|edit",
        description = "End-to-end encrypted TCP tunnels to PAM resources through their gateways.",
        subcommands = {TunnelStartCommand.class, TunnelListCommand.class, TunnelStopCommand.class,
            TunnelEditCommand.class})
final class TunnelCommand extends PamGroup {
}
