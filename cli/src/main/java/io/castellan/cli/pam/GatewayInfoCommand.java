package io.castellan.cli.pam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.cli.support.CastellanSubcommand;
import io.castellan.cli.support.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code castellan pam action gateway-info GATEWAY}: version, uptime and running jobs, asked live. */
@Command(name = "gateway-info", description = "Ask a gateway live (through the Router) for its version, uptime and"
        + " running jobs.")
final class GatewayInfoCommand extends CastellanSubcommand {

    @Parameters(paramLabel = "GATEWAY", description = "Gateway name or UID.")
    String gateway;

    @Override
    protected int execute() {
        ObjectNode answer = context().client().gateways().info(gateway);
        Printer printer = printer();
        if (printer.json()) {
            printer.json(answer);
        } else {
            JobPrinter.print(printer, answer.path("job"));
        }
        return 0;
    }
}
