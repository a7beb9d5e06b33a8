package io.castellan.cli;

import picocli.CommandLine;

/** The command groups of {@code castellan}; each later feature adds its group here. */
final class CommandGroups {

    private CommandGroups() {
    }

    static void mount(CommandLine root) {
        root.addSubcommand("server", new io.castellan.server.ServerCommand());
        root.addSubcommand("version", new VersionCommand());
    }
}
