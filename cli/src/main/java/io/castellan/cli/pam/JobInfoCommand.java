package io.castellan.cli.pam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code castellan pam action job-info JOB}: a job's state and scrubbed result. */
@Command(name = "job-info", description = "Show a gateway job: command, records, state and result summary.")
final class JobInfoCommand extends CastellanSubcommand {

    @Parameters(paramLabel = "JOB", description = "Job id.")
    String job;

    @Override
    protected int execute() {
        ObjectNode answer = context().client().gateways().job(job);
        Printer printer = printer();
        if (printer.json()) {
            printer.json(answer);
        } else {
            JobPrinter.print(printer, answer.path("job"));
        }
        return 0;
    }
}
