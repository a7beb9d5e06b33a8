package io.castellan.bench;

import io.castellan.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The real {@code castellan} command tree run in this JVM, for the one-off setup steps of a benchmark (the same
 * commands a person types), with its own CLI configuration file.
 */
final class BenchCli {

    private final Path config;

    BenchCli(Path config) {
        this.config = config;
    }

    Path config() {
        return config;
    }

    /** Runs a command that does not use the CLI configuration (e.g. {@code server init-admin}). */
    static String plain(String... args) {
        return exec(List.of(args));
    }

    /** Runs a command with this CLI configuration; its standard output, stripped. Fails on a non-zero exit. */
    String ok(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString()));
        return exec(all);
    }

    private static String exec(List<String> args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("castellan " + args.get(0) + " " + (args.size() > 1 ? args.get(1) : "")
                    + " exited " + exit + ": " + err.toString().strip());
        }
        return out.toString().strip();
    }
}
