package io.castellan.cli.admin;

import picocli.CommandLine;

/** Mounts {@code init-admin} under the {@code server} command group, when that group is present. */
public final class AdminCommands {

    private AdminCommands() {
    }

    /**
     * Adds {@code server init-admin}. The {@code server} group belongs to the server module and must be mounted
     * first; without it nothing is added.
     *
     * @return whether {@code init-admin} was mounted
     */
    public static boolean mount(CommandLine root) {
        CommandLine server = root.getSubcommands().get("server");
        if (server == null || server.getSubcommands().containsKey("init-admin")) {
            return false;
        }
        server.addSubcommand(new InitAdminCommand());
        return true;
    }
}
