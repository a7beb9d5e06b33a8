package io.castellan.server;

import io.castellan.server.scheduler.SchedulerOptions;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code castellan server start}: starts the server in the foreground, prints where and how to reach it, and blocks
 * until SIGTERM/Ctrl+C. Exit codes: 0 after a normal shutdown, 2 for a bad option, 10 when the server cannot start
 * (one line on stderr; the stack trace only with {@code --debug}).
 */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = "Start the Castellan server in the foreground.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:normal shutdown", "2:invalid option", "10:the server could not start"})
public final class ServerStartCommand implements Callable<Integer> {

    /** Exit code when the server cannot start (port in use, data dir locked, store refused, bad TLS files). */
    public static final int EXIT_STARTUP_FAILURE = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir = ServerConfig.DEFAULT_DATA_DIR;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "HTTPS listen address, e.g. 0.0.0.0:8443 or [::1]:8443 (default: ${DEFAULT-VALUE}).")
    String listen = ServerConfig.DEFAULT_LISTEN.toString();

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL JDBC URL (default: embedded SQLite in the data directory).")
    String dbUrl;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "TLS certificate chain (PEM); needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS private key (PEM, unencrypted); needs --tls-cert.")
    Path tlsKey;

    @Option(names = "--session-idle-minutes", paramLabel = "N",
            description = "A session ends after N minutes without a request (default: ${DEFAULT-VALUE}).")
    long sessionIdleMinutes = ServerConfig.DEFAULT_IDLE_TIMEOUT.toMinutes();

    @Option(names = "--session-max-hours", paramLabel = "N",
            description = "A session ends N hours after login, active or not (default: ${DEFAULT-VALUE}).")
    long sessionMaxHours = ServerConfig.DEFAULT_ABSOLUTE_TIMEOUT.toHours();

    @Option(names = "--max-attachment-bytes", paramLabel = "BYTES",
            description = "Largest attachment a user may upload (default: ${DEFAULT-VALUE}).")
    long maxAttachmentBytes = ServerConfig.DEFAULT_MAX_ATTACHMENT_BYTES;

    @Option(names = "--device-requests-per-minute", paramLabel = "N",
            description = "Requests one Secrets Manager device may make per minute before it is throttled"
                    + " (default: ${DEFAULT-VALUE}).")
    int deviceRequestsPerMinute = ServerConfig.DEFAULT_DEVICE_REQUESTS_PER_MINUTE;

    @Option(names = "--gateway-requests-per-minute", paramLabel = "N",
            description = "Requests one gateway may make per minute before it is throttled (default: ${DEFAULT-VALUE}).")
    int gatewayRequestsPerMinute = ServerConfig.DEFAULT_GATEWAY_REQUESTS_PER_MINUTE;

    @Option(names = "--login-throttle-after", paramLabel = "N",
            description = "After N failed logins (per account and per source address) each further attempt waits,"
                    + " 1 s doubling up to --login-max-delay-seconds (default: ${DEFAULT-VALUE}).")
    int loginThrottleAfter = ServerConfig.DEFAULT_LOGIN_THROTTLE_AFTER;

    @Option(names = "--login-lock-after", paramLabel = "M",
            description = "After M failed logins in a row an account is locked until an administrator re-enables it"
                    + " (default: ${DEFAULT-VALUE}).")
    int loginLockAfter = ServerConfig.DEFAULT_LOGIN_LOCK_AFTER;

    @Option(names = "--rotation-max-failures", paramLabel = "N",
            description = "Scheduled rotations that fail N times in a row are flagged and stop until re-enabled"
                    + " (default: ${DEFAULT-VALUE}).")
    int rotationMaxFailures = SchedulerOptions.DEFAULT.maxFailures();

    @Option(names = "--rotation-retry-seconds", paramLabel = "S",
            description = "Wait before retrying a failed scheduled rotation; doubles with each further failure, up to"
                    + " an hour (default: ${DEFAULT-VALUE}).")
    long rotationRetrySeconds = SchedulerOptions.DEFAULT.backoffBase().toSeconds();

    @Option(names = "--login-max-delay-seconds", paramLabel = "S",
            description = "Longest wait imposed between failed logins (default: ${DEFAULT-VALUE}).")
    long loginMaxDelaySeconds = ServerConfig.DEFAULT_LOGIN_DELAY_MAX.toSeconds();

    @Option(names = "--debug", description = "Print stack traces of startup failures.")
    boolean debug;

    /** How the store opens; tests replace it until the store module exists. */
    Function<StoreConfig, Store> storeOpener = Store::open;

    /** The running server, visible to tests in this package. */
    volatile CastellanServer server;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = parseConfig();
        CastellanServer started = new CastellanServer(config, storeOpener);
        PrintWriter err = spec.commandLine().getErr();
        try {
            started.start();
        } catch (StartupException e) {
            err.println("castellan: server did not start: " + e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return EXIT_STARTUP_FAILURE;
        }
        server = started;
        printBanner(started, spec.commandLine().getOut());
        try {
            started.awaitStop();
        } catch (InterruptedException e) {
            started.stop();
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private ServerConfig parseConfig() {
        try {
            return ServerConfig.builder()
                    .dataDir(dataDir)
                    .listen(listen)
                    .jdbcUrl(dbUrl)
                    .tlsCert(tlsCert)
                    .tlsKey(tlsKey)
                    .sessionIdleTimeout(Duration.ofMinutes(sessionIdleMinutes))
                    .sessionAbsoluteTimeout(Duration.ofHours(sessionMaxHours))
                    .maxAttachmentBytes(maxAttachmentBytes)
                    .deviceRequestsPerMinute(deviceRequestsPerMinute)
                    .gatewayRequestsPerMinute(gatewayRequestsPerMinute)
                    .loginThrottleAfter(loginThrottleAfter)
                    .loginLockAfter(loginLockAfter)
                    .loginDelayMax(Duration.ofSeconds(loginMaxDelaySeconds))
                    .scheduler(schedulerOptions())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private SchedulerOptions schedulerOptions() {
        SchedulerOptions d = SchedulerOptions.DEFAULT;
        if (rotationRetrySeconds < 1) {
            throw new IllegalArgumentException("--rotation-retry-seconds: must be at least 1");
        }
        Duration retry = Duration.ofSeconds(rotationRetrySeconds);
        return new SchedulerOptions(d.poll(), d.check(), rotationMaxFailures, retry,
                retry.compareTo(d.backoffMax()) > 0 ? retry : d.backoffMax(), d.batch());
    }

    private static void printBanner(CastellanServer server, PrintWriter out) {
        out.println("Castellan server started");
        out.println("  URL:              " + server.url());
        out.println("  TLS fingerprint:  SHA-256 " + server.tlsMaterial().fingerprintSha256()
                + " (" + server.tlsMaterial().source().name().toLowerCase(java.util.Locale.ROOT) + ")");
        out.println("  Transmission key: id " + server.transmissionKeys().current().keyId());
        out.println("  Data directory:   " + server.config().dataDir().toAbsolutePath().normalize());
        out.println("  Store:            " + server.storeDescription());
        out.println("  Crypto:           " + io.castellan.crypto.CryptoProviders.active());
        out.println("Stop with Ctrl+C or SIGTERM.");
        out.flush();
    }
}
