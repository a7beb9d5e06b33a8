package io.castellan.cli.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.CastellanSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code castellan audit sink test NAME}: one synthetic event ({@code audit_sink_test}) now. */
@Command(name = "test", description = "Send one synthetic test event to the sink now and report the outcome.")
public final class SinkTestCommand extends CastellanSubcommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    protected int execute() {
        ObjectNode answer = context().client().audit().sinkTest(name);
        return TestOutcome.report(printer(), answer, "sink " + name);
    }
}
