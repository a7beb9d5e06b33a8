package io.castellan.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code castellan version}: prints the build version and the Java runtime. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the Castellan version and the Java runtime in use.")
final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : new VersionProvider().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }
}
