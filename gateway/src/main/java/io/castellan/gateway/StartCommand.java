package io.castellan.gateway;

import io.castellan.gateway.config.ConfigSource;
import io.castellan.gateway.config.GatewayConfigLoader;
import io.castellan.gateway.config.GatewayPaths;
import io.castellan.gateway.logging.GatewayLogging;
import io.castellan.gateway.logging.LogSettings;
import io.castellan.gateway.runner.RunnerSettings;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code castellan-gateway start}: sets up logging, loads the configuration ({@link GatewayConfigLoader}), then runs
 * the gateway ({@link GatewayProcess}) until it is stopped (SIGTERM, Ctrl-C) or the server refuses it for good.
 */
@Command(name = "start", description = "Run the gateway: connect to the server and run the jobs it sends.")
public final class StartCommand implements Callable<Integer> {

    private final GatewayEnvironment environment;

    @Option(names = "--config-file", paramLabel = "FILE",
            description = "The configuration file (default: GATEWAY_CONFIG if set, else "
                    + "~/.castellan/gateway-config.json, or /etc/castellan-gateway/gateway-config.json with --service).")
    Path configFile;

    @Option(names = "--service", description = "Run as a system service: configuration under /etc/castellan-gateway,"
            + " logs under /var/log/castellan-gateway.")
    boolean service;

    @Option(names = {"-d", "--debug"}, description = "Log at DEBUG level.")
    boolean debug;

    @Option(names = "--log-to-stdout", description = "Also write the log to standard output.")
    boolean logToStdout;

    @Option(names = "--no-log-file", description = "Write no log file (containers: with --log-to-stdout).")
    boolean noLogFile;

    @Option(names = "--log-dir", paramLabel = "DIR",
            description = "The log directory (default: ~/.castellan/logs, or /var/log/castellan-gateway with --service).")
    Path logDir;

    @Option(names = "--max-jobs", paramLabel = "N", defaultValue = "4",
            description = "Jobs run at the same time (default ${DEFAULT-VALUE}); up to 8 times as many wait.")
    int maxJobs;

    @Option(names = "--grace-seconds", paramLabel = "S", defaultValue = "30",
            description = "On stop, how long running jobs may take to finish (default ${DEFAULT-VALUE}).")
    int graceSeconds;

    @Option(names = "--tunnel-listen", paramLabel = "HOST:PORT",
            description = "Take direct tunnel connections from CLIs on this address (port 0: any free port); without"
                    + " it every tunnel goes through the server's relay. Frames stay sealed end to end either way.")
    String tunnelListen;

    @Option(names = "--tunnel-advertise", paramLabel = "HOST[,HOST...]",
            description = "The addresses CLIs try for the direct path, in order (default: the --tunnel-listen host;"
                    + " required when that is a wildcard such as 0.0.0.0).")
    String tunnelAdvertise;

    @Option(names = "--tunnel-advertise-port", paramLabel = "PORT",
            description = "The port CLIs connect to at those addresses, when a port forward or a container's port"
                    + " mapping puts the gateway behind another one than it listens on (default: the bound port).")
    Integer tunnelAdvertisePort;

    /** @param environment the process's (or a test's) outside world */
    public StartCommand(GatewayEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        if (maxJobs < 1 || maxJobs > 256) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "--max-jobs must be between 1 and 256");
        }
        if (graceSeconds < 0 || graceSeconds > 3600) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "--grace-seconds must be between 0 and 3600");
        }
        io.castellan.gateway.tunnel.DirectSettings direct = io.castellan.gateway.tunnel.DirectSettings.parse(
                tunnelListen, tunnelAdvertise, tunnelAdvertisePort);
        environment.stop().arm();
        try {
            return startAndRun(direct);
        } finally {
            environment.stop().stopped();
        }
    }

    private int startAndRun(io.castellan.gateway.tunnel.DirectSettings direct) throws InterruptedException {
        GatewayPaths paths = GatewayPaths.of(service, environment.home());
        if (noLogFile && !logToStdout) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "--no-log-file needs --log-to-stdout");
        }
        Path logs = noLogFile ? null : logDir != null ? logDir : paths.logDirectory();
        try {
            GatewayLogging.configure(LogSettings.of(logs, logToStdout, debug), environment.scrubber());
        } catch (IOException | RuntimeException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "cannot write logs to " + logs
                    + " (create it writable for this user, or pass --log-dir or --log-to-stdout)");
        }
        try {
            ConfigSource source = new GatewayConfigLoader(environment.variables(), paths).load(configFile);
            RunnerSettings runner = new RunnerSettings(maxJobs, maxJobs * 8, Duration.ofHours(24));
            return new GatewayProcess(environment, source, runner, Duration.ofSeconds(graceSeconds), direct).run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(StartCommand.class).error("the gateway cannot start: {}",
                    e.getMessage());
            throw e;
        } finally {
            GatewayLogging.shutdown();
        }
    }
}
