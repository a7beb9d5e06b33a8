package io.castellan.cli.pam;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Mounts {@code pam} (with {@code config}, {@code rotation} and {@code action}) on the root command. */
public final class PamCommands {

    /** {@code castellan pam}. */
    @Command(name = "pam", synopsisSubcommandLabel = "COMMAND",
            description = "Privileged access management: configurations, rotation settings and actions.")
    static final class Pam extends PamGroup {
    }

    /** {@code castellan pam action}: one-off actions on PAM records and gateways. */
    @Command(name = "action", synopsisSubcommandLabel = "COMMAND",
            description = "One-off actions: rotate a credential now.")
    static final class Action extends PamGroup {
    }

    private PamCommands() {
    }

    /** Adds {@code pam} to {@code root}; each subcommand (and each action) is one line here. */
    public static void mount(CommandLine root) {
        CommandLine pam = new CommandLine(new Pam());
        pam.addSubcommand(new PamConfigCommand());
        pam.addSubcommand(new PamRotationCommand());
        CommandLine action = new CommandLine(new Action());
        action.addSubcommand(new RotateActionCommand());
        pam.addSubcommand("action", action);
        root.addSubcommand("pam", pam);
    }
}
