package io.castellan.gateway;

import io.castellan.gateway.config.ConfigSource;
import io.castellan.gateway.config.GatewayIdentity;
import io.castellan.gateway.logging.SecretScrubber;
import io.castellan.gateway.router.RouterClientSettings;
import io.castellan.gateway.router.RouterConnection;
import io.castellan.gateway.runner.GatewayInfoHandler;
import io.castellan.gateway.runner.GatewaySecrets;
import io.castellan.gateway.runner.JobHandler;
import io.castellan.gateway.runner.JobRunner;
import io.castellan.gateway.runner.NoopHandler;
import io.castellan.gateway.runner.RunnerSettings;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.SecretsManagerOptions;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.ClientConfigCodec;
import io.castellan.sdk.config.ConfigStorage;
import io.castellan.sdk.config.FileConfigStorage;
import io.castellan.sdk.config.InMemoryConfigStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import io.castellan.gateway.tunnel.DirectSettings;
import io.castellan.gateway.tunnel.DirectTunnels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: its vault access (the SDK from its configuration), the job runner, and the Router connection
 * that feeds it. Runs until a stop is requested or the server refuses the gateway; on the way out running jobs get
 * the grace period while the connection is still open, so their final state reaches the server.
 */
final class GatewayProcess {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayProcess.class);

    private final GatewayEnvironment environment;
    private final ConfigSource source;
    private final RunnerSettings runnerSettings;
    private final Duration grace;
    private final DirectSettings directSettings;

    GatewayProcess(GatewayEnvironment environment, ConfigSource source, RunnerSettings runnerSettings,
            Duration grace, DirectSettings directSettings) {
        this.directSettings = directSettings;
        this.environment = environment;
        this.source = source;
        this.runnerSettings = runnerSettings;
        this.grace = grace;
    }

    /** @return the exit code: 0 after a requested stop */
    int run() throws InterruptedException {
        Instant startedAt = environment.clock().instant();
        SecretScrubber scrubber = environment.scrubber();
        registerOwnKeys(source.config(), scrubber);
        // a thread that dies of an exception would print its stack trace to stderr unscrubbed: log it instead
        Thread.setDefaultUncaughtExceptionHandler((thread, e) ->
                LOG.error("uncaught exception in thread {}", thread.getName(), e));
        GatewayIdentity identity = GatewayIdentity.of(source.config());
        String version = GatewayVersion.version();
        try (SecretsManager sm = SecretsManager.fromConfig(source.config(), SecretsManagerOptions.builder()
                .tls(identity.tls()).storage(storage()).build());
             DirectTunnels directTunnels = startDirect()) {
            GatewaySecrets secrets = new GatewaySecrets(sm, scrubber);
            AtomicReference<JobRunner> self = new AtomicReference<>();
            List<JobHandler> handlers = new ArrayList<>();
            handlers.add(new NoopHandler());
            handlers.add(new GatewayInfoHandler(version, startedAt, () -> self.get().runningJobs(),
                    environment.clock()));
            handlers.addAll(environment.extraHandlers().apply(
                    new HandlerServices(secrets, scrubber, version, startedAt, identity, directTunnels)));
            JobRunner runner = new JobRunner(runnerSettings, handlers, secrets, scrubber);
            self.set(runner);
            RouterClientSettings settings = new RouterClientSettings(identity.serverUri(),
                    identity.tls().sslContext(), identity.clientId(), identity.deviceKey(), version, startedAt,
                    runner.capabilities(), runnerSettings.maxConcurrent() + runnerSettings.queueCapacity());
            return runUntilStopped(identity, settings, runner);
        }
    }

    private int runUntilStopped(GatewayIdentity identity, RouterClientSettings settings, JobRunner runner)
            throws InterruptedException {
        try (RouterConnection connection = environment.routers().get().create(settings, runner)) {
            connection.start();
            LOG.info("gateway {} started: server {}, client id {}, configuration from {}, {} job slot(s), "
                    + "capabilities {}, crypto {}", settings.version(), identity.serverUri(), identity.clientId(),
                    source.origin(), runnerSettings.maxConcurrent(), settings.capabilities(),
                    io.castellan.crypto.CryptoProviders.active());
            try {
                CompletableFuture.anyOf(environment.stop().requested(), connection.stopped()).get();
                LOG.info("gateway stopping: {} job(s) running get up to {} s", runner.runningJobs(),
                        grace.toSeconds());
                return 0;
            } catch (ExecutionException e) {
                String why = e.getCause() == null ? "no reason given" : e.getCause().getMessage();
                LOG.error("the server refused the gateway: {}", why);
                throw new CastellanException(ErrorCode.UNAUTHENTICATED, "the server refused the gateway: " + why);
            } finally {
                runner.stop(grace);
            }
        } finally {
            LOG.info("gateway stopped");
        }
    }

    /** The direct tunnel port when {@code --tunnel-listen} asked for one (else null: try-with-resources skips it). */
    private DirectTunnels startDirect() {
        if (directSettings == null) {
            return null;
        }
        try {
            return DirectTunnels.start(directSettings);
        } catch (java.io.IOException e) {
            throw new CastellanException(ErrorCode.CONFLICT, e.getMessage());
        }
    }

    private ConfigStorage storage() {
        return source.fromFile().<ConfigStorage>map(FileConfigStorage::at)
                .orElseGet(() -> new InMemoryConfigStorage(source.config()));
    }

    /** The configuration's own keys are the most sensitive values of all: never in a log line. */
    private static void registerOwnKeys(ClientConfig config, SecretScrubber scrubber) {
        for (String key : List.of(ClientConfig.PRIVATE_KEY, ClientConfig.APP_KEY, ClientConfig.CLIENT_KEY)) {
            config.get(key).ifPresent(scrubber::register);
        }
        scrubber.register(ClientConfigCodec.toBase64(config));
    }
}
