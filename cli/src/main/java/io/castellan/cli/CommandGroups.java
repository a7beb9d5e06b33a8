package io.castellan.cli;

import io.castellan.cli.admin.AdminCommands;
import io.castellan.cli.audit.AuditCommands;
import io.castellan.cli.enterprise.EnterpriseCommands;
import io.castellan.cli.pam.PamCommands;
import io.castellan.cli.quickstart.QuickstartCommand;
import io.castellan.cli.sm.SecretsManagerCommands;
import io.castellan.cli.support.UsageErrorHandler;
import io.castellan.cli.vault.VaultCommands;
import io.castellan.server.ServerCommand;
import picocli.CommandLine;

/** The command groups of {@code castellan}; each later feature adds its group here. */
final class CommandGroups {

    private CommandGroups() {
    }

    static void mount(CommandLine root) {
        root.addSubcommand("version", new VersionCommand());
        VaultCommands.mount(root);
        EnterpriseCommands.mount(root);
        SecretsManagerCommands.mount(root);
        PamCommands.mount(root);
        AuditCommands.mount(root);
        root.addSubcommand("server", new ServerCommand());
        AdminCommands.mount(root); // 'server init-admin' joins the server group mounted above
        root.addSubcommand("quickstart", new QuickstartCommand());

        // Last, so it reaches every command mounted above: usage errors as one line, exit code 2.
        root.setParameterExceptionHandler(new UsageErrorHandler());
    }
}
