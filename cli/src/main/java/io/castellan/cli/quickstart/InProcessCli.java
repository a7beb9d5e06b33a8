package io.castellan.cli.quickstart;

import io.castellan.cli.Main;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the real {@code castellan} commands in this JVM against the quickstart's config file, so the sandbox is
 * built by exactly the commands a person would type. Arguments may carry secrets (record fields): they never leave
 * this process and are never echoed; a failure names the command by its first words only.
 */
final class InProcessCli {

    /** What one command printed and returned. */
    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }
    }

    private final Path config;

    InProcessCli(Path config) {
        this.config = config;
    }

    Path config() {
        return config;
    }

    /** Runs a command and returns its result whatever the exit code. */
    Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    /** Runs a command that must succeed; returns its standard output, stripped. */
    String ok(String... args) {
        Result r = run(args);
        if (!r.ok()) {
            throw new CastellanException(ErrorCode.UNAVAILABLE, "quickstart step 'castellan " + describe(args)
                    + "' failed (exit " + r.exit() + "): " + r.err().strip());
        }
        return r.out().strip();
    }

    /** The command's words up to its first option or field assignment: never a value that could be secret. */
    private static String describe(String[] args) {
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            if (a.startsWith("-") || a.contains("=")) {
                break;
            }
            b.append(b.isEmpty() ? "" : " ").append(a);
        }
        return b.toString();
    }
}
