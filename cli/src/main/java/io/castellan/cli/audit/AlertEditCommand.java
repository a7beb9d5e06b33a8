package io.castellan.cli.audit;

import picocli.CommandLine.Command;

/** {@code castellan alert edit NAME ...}: replaces the rule's settings (same options as add); its cursor stays. */
@Command(name = "edit", description = "Change an alert rule (give the whole rule again, as for add).")
public final class AlertEditCommand extends AlertAddCommand {

    @Override
    protected boolean replace() {
        return true;
    }
}
