package io.castellan.cli.audit;

import io.castellan.cli.support.CastellanSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code castellan alert test NAME}: one test message through the rule's channel now. */
@Command(name = "test", description = "Send one test message through the rule's channel now.")
public final class AlertTestCommand extends CastellanSubcommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    protected int execute() {
        return TestOutcome.report(printer(), context().client().audit().alertTest(name), "alert rule " + name);
    }
}
