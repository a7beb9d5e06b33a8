package io.castellan.gateway;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Root of the {@code castellan-gateway} command tree; {@link GatewayMain#commandLine} adds the subcommands. */
@Command(
        name = "castellan-gateway",
        mixinStandardHelpOptions = true,
        versionProvider = GatewayVersion.class,
        description = "Castellan Gateway: the agent inside your network that rotates credentials and opens tunnels.",
        synopsisSubcommandLabel = "COMMAND")
public final class GatewayCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
