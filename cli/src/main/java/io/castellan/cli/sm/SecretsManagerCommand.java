package io.castellan.cli.sm;

import picocli.CommandLine.Command;

/** {@code castellan secrets-manager app|share|client …}. */
@Command(name = "secrets-manager", synopsisSubcommandLabel = "app|share|client",
        description = "Secrets Manager applications: what they may read (share), and their devices (client).",
        subcommands = {AppCommand.class, ShareCommand.class, ClientCommand.class})
public final class SecretsManagerCommand extends CommandGroup {
}
