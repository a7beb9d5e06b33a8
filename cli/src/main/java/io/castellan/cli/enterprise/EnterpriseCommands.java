package io.castellan.cli.enterprise;

import picocli.CommandLine;

/** Mounts the enterprise commands on the root {@code castellan} command. */
public final class EnterpriseCommands {

    private EnterpriseCommands() {
    }

    /** Adds {@code enterprise-user}, {@code enterprise-team} and {@code enterprise-role} to {@code root}. */
    public static void mount(CommandLine root) {
        root.addSubcommand(new EnterpriseUserCommand());
        root.addSubcommand(new EnterpriseTeamCommand());
        root.addSubcommand(new EnterpriseRoleCommand());
    }
}
