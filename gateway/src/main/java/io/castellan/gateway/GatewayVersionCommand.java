package io.castellan.gateway;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code castellan-gateway version}. */
@Command(name = "version", description = "Print the gateway version and the Java runtime in use.")
public final class GatewayVersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : new GatewayVersion().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }
}
