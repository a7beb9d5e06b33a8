package io.castellan.cli;

import picocli.CommandLine.Command;

/**
 * The root of the {@code castellan} command tree. Command groups are mounted as subcommands by {@link Main}, so each
 * module that owns a group (the server module owns {@code server}) keeps its command classes next to its code.
 */
@Command(
        name = "castellan",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Castellan: self-hosted, zero-knowledge privileged access management.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommand groups:%n",
        footer = {"", "Run 'castellan COMMAND --help' for the options of a command.",
                "Documentation: docs/cli.md"})
public final class CastellanCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
