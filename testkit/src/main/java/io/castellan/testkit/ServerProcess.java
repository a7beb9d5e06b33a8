package io.castellan.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * A real Castellan server in its own operating-system process, for end-to-end tests: {@code java -cp CLASSPATH
 * io.castellan.cli.Main server start --data-dir DIR --listen HOST:PORT [--db-url URL] [more]}, run by the JDK of the
 * test itself, standard output and error appended to a log file (which a test can then scan for leaked secrets).
 *
 * <p>{@link Builder#start()} returns once the server printed its banner, reading the bound URL (so port 0 works) and
 * the TLS fingerprint from it; it fails with the log's tail if the process exits or prints no banner in time.
 * {@link #close()} sends SIGTERM ({@link Process#destroy()}), waits for a graceful stop, and kills the process if it
 * takes longer. Every process still running when the test JVM exits is killed by a shutdown hook, so a crashed test
 * leaves no server behind.
 */
public final class ServerProcess implements AutoCloseable {

    /** The CLI entry point that has the {@code server start} command. */
    public static final String DEFAULT_MAIN_CLASS = "io.castellan.cli.Main";

    private static final java.util.regex.Pattern URL_LINE =
            java.util.regex.Pattern.compile("(?m)^\\s*URL:\\s+(https://\\S+?):(\\d+)\\s*$");
    private static final java.util.regex.Pattern FINGERPRINT_LINE =
            java.util.regex.Pattern.compile("(?m)^\\s*TLS fingerprint:\\s+SHA-256\\s+([0-9A-Fa-f:]+)");
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "castellan-test-server-reaper"));
    }

    private final Process process;
    private final Path logFile;
    private final String url;
    private final int port;
    private final String fingerprint;
    private final Duration stopTimeout;
    private Integer exitCode;

    private ServerProcess(Process process, Path logFile, String url, int port, String fingerprint,
            Duration stopTimeout) {
        this.process = process;
        this.logFile = logFile;
        this.url = url;
        this.port = port;
        this.fingerprint = fingerprint;
        this.stopTimeout = stopTimeout;
    }

    /** @return a builder for a server on {@code dataDir} */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** @return {@code https://HOST:PORT} as the server printed it (the bound port) */
    public String url() {
        return url;
    }

    /** @return the bound TCP port */
    public int port() {
        return port;
    }

    /** @return the TLS certificate's SHA-256 fingerprint as printed in the banner ({@code AB:CD:...}) */
    public String fingerprint() {
        return fingerprint;
    }

    /** @return the file standard output and error are appended to */
    public Path logFile() {
        return logFile;
    }

    /** @return the operating-system process id */
    public long pid() {
        return process.pid();
    }

    /** @return whether the process still runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the exit code, once the process ended */
    public Optional<Integer> exitCode() {
        return Optional.ofNullable(exitCode);
    }

    /**
     * Stops the server: SIGTERM, then up to the stop timeout for a graceful shutdown, then SIGKILL.
     *
     * @return whether it stopped gracefully (within the timeout, without being killed)
     */
    public synchronized boolean stop() {
        if (exitCode != null) {
            return true;
        }
        boolean graceful;
        try {
            process.destroy();
            graceful = process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!graceful) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            graceful = false;
        }
        RUNNING.remove(process);
        exitCode = process.isAlive() ? null : process.exitValue();
        return graceful;
    }

    /** Same as {@link #stop()}; safe to call more than once. */
    @Override
    public void close() {
        stop();
    }

    /** @return the whole log file as text (empty if it does not exist yet) */
    public String log() {
        return readLog(logFile, 0);
    }

    private static String readLog(Path logFile, long from) {
        try {
            if (!Files.exists(logFile)) {
                return "";
            }
            byte[] all = Files.readAllBytes(logFile);
            int start = (int) Math.min(from, all.length);
            return new String(all, start, all.length - start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    /** How to start a server process. */
    public static final class Builder {
        private final Path dataDir;
        private String host = "127.0.0.1";
        private int port;
        private String dbUrl;
        private Path logFile;
        private String classpath = System.getProperty("java.class.path");
        private String mainClass = DEFAULT_MAIN_CLASS;
        private List<String> commandPrefix = List.of("server", "start");
        private final List<String> jvmArgs = new ArrayList<>(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED"));
        private final List<String> extraArgs = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(90);
        private Duration stopTimeout = Duration.ofSeconds(20);

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** Listen on {@code host:port}; port 0 (the default) lets the OS choose. Default host 127.0.0.1. */
        public Builder listen(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            return this;
        }

        /** Use PostgreSQL at {@code jdbcUrl} instead of the embedded SQLite store. */
        public Builder dbUrl(String jdbcUrl) {
            this.dbUrl = jdbcUrl;
            return this;
        }

        /** Append output to {@code file} (default: {@code server.log} next to the data directory). */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** Run with this class path (default: this JVM's {@code java.class.path}). */
        public Builder classpath(String classpath) {
            this.classpath = Objects.requireNonNull(classpath, "classpath");
            return this;
        }

        /**
         * Run another main class with other leading arguments (for tests of this launcher); the data directory,
         * listen and database options are still appended.
         */
        public Builder main(String mainClass, String... commandPrefix) {
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
            this.commandPrefix = List.of(commandPrefix);
            return this;
        }

        /** Adds JVM options. */
        public Builder jvmArgs(String... args) {
            jvmArgs.addAll(List.of(args));
            return this;
        }

        /** Adds {@code server start} options, e.g. {@code --session-idle-minutes 5}. */
        public Builder args(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        /** How long to wait for the banner (default 90 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long {@link ServerProcess#stop()} waits after SIGTERM before killing (default 20 s). */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** @return the command line that {@link #start()} runs */
        public List<String> command() {
            List<String> cmd = new ArrayList<>();
            cmd.add(javaExecutable());
            cmd.addAll(jvmArgs);
            cmd.add("-cp");
            cmd.add(classpath);
            cmd.add(mainClass);
            cmd.addAll(commandPrefix);
            cmd.add("--data-dir");
            cmd.add(dataDir.toAbsolutePath().toString());
            cmd.add("--listen");
            cmd.add(host + ":" + port);
            if (dbUrl != null) {
                cmd.add("--db-url");
                cmd.add(dbUrl);
            }
            cmd.addAll(extraArgs);
            return cmd;
        }

        /**
         * Starts the process and waits for its banner.
         *
         * @throws IllegalStateException with the log's tail when the process exits or no banner appears in time
         */
        public ServerProcess start() {
            Path log = logFile != null ? logFile : dataDir.toAbsolutePath().getParent().resolve("server.log");
            long from;
            Process process;
            try {
                Files.createDirectories(log.toAbsolutePath().getParent());
                from = Files.exists(log) ? Files.size(log) : 0;
                ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                pb.environment().remove("CASTELLAN_PASSWORD");
                process = pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the server process", e);
            }
            RUNNING.add(process);
            long deadline = System.nanoTime() + startTimeout.toNanos();
            try {
                while (true) {
                    String out = readLog(log, from);
                    Matcher url = URL_LINE.matcher(out);
                    Matcher fp = FINGERPRINT_LINE.matcher(out);
                    if (url.find() && fp.find()) {
                        int bound = Integer.parseInt(url.group(2));
                        return new ServerProcess(process, log, url.group(1) + ":" + bound, bound, fp.group(1),
                                stopTimeout);
                    }
                    if (!process.isAlive()) {
                        RUNNING.remove(process);
                        throw new IllegalStateException("the server process exited with code " + process.exitValue()
                                + " before printing its URL; its output:\n" + tail(out));
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the server printed no URL within " + startTimeout
                                + "; its output so far:\n" + tail(out));
                    }
                    Thread.sleep(50);
                }
            } catch (InterruptedException | RuntimeException e) {
                if (process.isAlive()) {
                    process.destroyForcibly();
                    RUNNING.remove(process);
                }
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the server to start", e);
                }
                throw (RuntimeException) e;
            }
        }

        private static String tail(String text) {
            return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
        }

        private static String javaExecutable() {
            return ProcessHandle.current().info().command()
                    .filter(c -> Files.isExecutable(Path.of(c)))
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
    }
}
