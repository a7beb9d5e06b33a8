package io.castellan.cli.pam;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Mounts {@code pam} (with {@code config}, {@code rotation} and {@code action}) on the root command. */
public final class PamCommands {

    /** {@code castellan pam}. */
    @Command(name = "pam", synopsisSubcommandLabel = "COMMAND",
            description = "Privileged access management: gateways, configurations, rotation settings and actions.")
    static final class Pam extends PamGroup {
    }

    /** {@code castellan pam action}: one-off actions on PAM records and gateways. */
    @Command(name = "action", synopsisSubcommandLabel = "COMMAND",
            description = "Actions run through gateways (rotate now, gateway info) and their jobs.")
    static final class Action extends PamGroup {
    }

    private PamCommands() {
    }

    /** Adds {@code pam} to {@code root}; each subcommand (and each action) is one line here. */
    public static void mount(CommandLine root) {
        CommandLine pam = new CommandLine(new Pam());
        pam.addSubcommand(new GatewayCommand());
        pam.addSubcommand(new PamConfigCommand());
        pam.addSubcommand(new PamRotationCommand());
        pam.addSubcommand(new TunnelCommand());
        CommandLine action = new CommandLine(new Action());
        action.addSubcommand(new RotateActionCommand());
        action.addSubcommand(new GatewayInfoCommand());
        action.addSubcommand(new JobInfoCommand());
        pam.addSubcommand("action", action);
        root.addSubcommand("pam", pam);
    }
}
