package io.castellan.cli.pam;

import io.castellan.cli.support.CastellanSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code castellan pam gateway remove GATEWAY}: removes it and closes its connection at once. */
@Command(name = "remove", description = "Remove a gateway (name or UID); its connection is closed at once.")
final class GatewayRemoveCommand extends CastellanSubcommand {

    @Parameters(paramLabel = "GATEWAY", description = "Gateway name or UID.")
    String gateway;

    @Override
    protected int execute() {
        String uid = context().client().gateways().remove(gateway);
        printer().note("Gateway " + uid + " removed.");
        return 0;
    }
}
