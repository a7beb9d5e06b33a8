package io.castellan.cli.pam;

import picocli.CommandLine;

/** Mounts {@code pam} on the root {@code castellan} command. */
public final class PamCommands {

    private PamCommands() {
    }

    /** Adds {@code pam} to {@code root}. */
    public static void mount(CommandLine root) {
        root.addSubcommand(new PamCommand());
    }
}
