package io.castellan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real gateway as a child process ({@code GatewayMain start} from this jar, configured by {@code GATEWAY_CONFIG}
 * as {@code pam gateway new -c} prints it), so its memory is its own: peak RSS is the kernel's {@code VmHWM} of the
 * process, read from {@code /proc/PID/status}.
 */
final class GatewayChild implements AutoCloseable {

    private final Process process;

    private GatewayChild(Process process) {
        this.process = process;
    }

    static GatewayChild start(String gatewayConfig, int maxJobs, Path logDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.createDirectories(logDir);
        List<String> command = new java.util.ArrayList<>(List.of(java));
        String extra = System.getenv("BENCH_GATEWAY_JAVA_OPTS"); // experiments: JVM options for the gateway only
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.strip().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "io.castellan.gateway.GatewayMain", "start", "--max-jobs", Integer.toString(maxJobs), "--log-dir",
                logDir.toString(), "--tunnel-listen", "127.0.0.1:0"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("GATEWAY_CONFIG", gatewayConfig);
        pb.environment().remove("CASTELLAN_GATEWAY_FAULT");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                logDir.resolve("gateway.out").toFile()));
        return new GatewayChild(pb.start());
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Peak resident set size so far, in bytes ({@code VmHWM}), or -1 when the process is gone. */
    long peakRss() {
        return statusKb("VmHWM:") * 1024;
    }

    /** Current resident set size, in bytes ({@code VmRSS}), or -1 when the process is gone. */
    long rss() {
        return statusKb("VmRSS:") * 1024;
    }

    private long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
