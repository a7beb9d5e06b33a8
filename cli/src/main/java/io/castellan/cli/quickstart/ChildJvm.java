package io.castellan.cli.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One Java child process of the quickstart (the server or the gateway), started with this JVM's {@code java},
 * writing to a log file, and stopped with SIGTERM so its own shutdown hook runs (then, after a grace period,
 * killed).
 */
final class ChildJvm {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path log;
    private final long logStart;

    private ChildJvm(String name, Process process, Path log, long logStart) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    static ChildJvm start(String name, String classpath, List<String> jvmArgs, String mainClass, List<String> args,
            Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("CASTELLAN_PASSWORD"); // children never need the master password
        pb.environment().putAll(env);
        return new ChildJvm(name, pb.start(), log, logStart);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** What the child wrote to its log since this start. */
    String output() {
        try {
            String all = Files.readString(log);
            return all.substring((int) Math.min(logStart, all.length()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until {@code ready} holds; fails naming the log when the child exits or the time runs out. */
    void await(BooleanSupplier ready, Duration timeout, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new QuickstartException(name + " exited (code " + process.exitValue() + ") before " + what
                        + "; see " + log);
            }
            if (System.nanoTime() > end) {
                throw new QuickstartException(name + " did not " + what + " within " + timeout.toSeconds()
                        + " s; see " + log);
            }
            Thread.sleep(250);
        }
    }

    /** SIGTERM, wait for a clean exit, then kill. Idempotent. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }
}
