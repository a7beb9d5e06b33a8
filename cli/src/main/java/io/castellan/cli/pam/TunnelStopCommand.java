package io.castellan.cli.pam;

import io.castellan.cli.support.CastellanSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code castellan pam tunnel stop ID}: the server closes both ends of one of the user's tunnels. */
@Command(name = "stop", description = "Stop one of your tunnels (its CLI process, foreground or background, ends).")
final class TunnelStopCommand extends CastellanSubcommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The tunnel id (see 'pam tunnel list').")
    String tunnelId;

    @Override
    protected int execute() {
        context().client().tunnels().close(tunnelId);
        printer().line("stopped " + tunnelId);
        return 0;
    }
}
