package io.castellan.cli.audit;

import picocli.CommandLine;

/** Mounts {@code audit} and {@code audit-report} on the root {@code castellan} command. */
public final class AuditCommands {

    private AuditCommands() {
    }

    public static void mount(CommandLine root) {
        root.addSubcommand(new AuditCommand());
        root.addSubcommand(new AuditReportCommand());
    }
}
