package io.castellan.cli.sm;

import picocli.CommandLine;

/** Mounts {@code secrets-manager} on the root {@code castellan} command. */
public final class SecretsManagerCommands {

    private SecretsManagerCommands() {
    }

    /** Adds {@code secrets-manager} to {@code root}. */
    public static void mount(CommandLine root) {
        root.addSubcommand(new SecretsManagerCommand());
    }
}
