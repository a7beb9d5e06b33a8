package io.castellan.cli.pam;

import io.castellan.cli.Main;
import io.castellan.cli.support.GlobalOptions;
import io.castellan.cli.support.Printer;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pam tunnel start --background}: runs the same command in a detached child process (same Java, same class
 * path) whose output goes to a log file, waits until it reports its port, prints that, and leaves it running.
 */
final class BackgroundTunnel {

    private static final Pattern LISTENING = Pattern.compile("tunnel (\\S+) listening on (\\S+)");
    private static final long WAIT_MILLIS = 60_000;

    private final GlobalOptions globals;
    private final Printer printer;

    BackgroundTunnel(GlobalOptions globals, Printer printer) {
        this.globals = globals;
        this.printer = printer;
    }

    int start(String record, String host, int port, boolean relayOnly) throws IOException, InterruptedException {
        Path log = Files.createTempFile("castellan-tunnel-", ".log");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                        "java").toString()),
                "-Duser.home=" + System.getProperty("user.home"), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "pam", "tunnel", "start", record, "--host", host, "--port",
                Integer.toString(port)));
        if (relayOnly) {
            command.add("--relay-only");
        }
        if (globals != null && globals.config() != null) {
            command.addAll(List.of("--config", globals.config().toString()));
        }
        if (globals != null && globals.server() != null) {
            command.addAll(List.of("--server", globals.server()));
        }
        if (globals != null && globals.caFile() != null) {
            command.addAll(List.of("--ca-file", globals.caFile().toString()));
        }
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        long end = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < end) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                if (printer.json()) {
                    String[] hp = m.group(2).split(":(?=[0-9]+$)");
                    printer.json(Printer.object().put("tunnelId", m.group(1)).put("host", hp[0])
                            .put("port", Integer.parseInt(hp[1])).put("pid", child.pid()).put("log", log.toString()));
                } else {
                    printer.line("tunnel " + m.group(1) + " listening on " + m.group(2) + " (background process "
                            + child.pid() + ", log " + log + ")");
                }
                return 0;
            }
            if (!child.isAlive()) {
                throw new CastellanException(ErrorCode.UNAVAILABLE, "the background tunnel did not start: "
                        + Files.readString(log).strip());
            }
            Thread.sleep(100);
        }
        child.destroy();
        throw new CastellanException(ErrorCode.TIMEOUT, "the background tunnel did not report its port within "
                + WAIT_MILLIS / 1000 + " s (log " + log + ")");
    }
}
