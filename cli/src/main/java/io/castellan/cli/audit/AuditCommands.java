package io.castellan.cli.audit;

import picocli.CommandLine;

/** Mounts {@code audit}, {@code audit-report} and {@code alert} on the root {@code castellan} command. */
public final class AuditCommands {

    private AuditCommands() {
    }

    public static void mount(CommandLine root) {
        root.addSubcommand(new AuditCommand());
        root.addSubcommand(new AuditReportCommand());
        root.addSubcommand(new AlertCommand());
    }
}
