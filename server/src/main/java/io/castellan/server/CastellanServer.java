package io.castellan.server;

import io.castellan.server.audit.Audit;
import io.castellan.server.http.ApiLatency;
import io.castellan.server.http.ErrorResponses;
import io.castellan.server.http.HttpsConnectors;
import io.castellan.server.http.JettyServerSetup;
import io.castellan.server.http.JettyThreads;
import io.castellan.server.http.SystemRoutes;
import io.castellan.server.keys.TransmissionKeys;
import io.castellan.server.tls.TlsMaterial;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Castellan server process: locks the data directory, loads (or creates) the TLS material and transmission
 * keys, opens the store, and serves the API over HTTPS only: the system routes and, with a store, the user API
 * ({@code POST /api/v1/{command}}: accounts, enterprise administration, vault, Secrets Manager applications) and the
 * Keeper-compatible Secrets Manager device API ({@code POST /api/rest/sm/v1/{path}} and its file URLs); see
 * {@link UserApi}.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #stop()} (idempotent; also run by a JVM shutdown hook on SIGTERM).
 * A failed start releases whatever it had acquired and throws a {@link StartupException} with a one-line message.
 */
public final class CastellanServer {

    private static final Logger LOG = LoggerFactory.getLogger(CastellanServer.class);

    private enum State { NEW, STARTING, RUNNING, STOPPED }

    private final ServerConfig config;
    private final Function<StoreConfig, Store> storeOpener;
    private final Clock clock;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Consumer<JavalinConfig> extraConfig = cfg -> { };
    private UnaryOperator<Audit> auditDecorator = UnaryOperator.identity();

    private State state = State.NEW;
    private DataDirLock lock;
    private TlsMaterial tls;
    private TransmissionKeys keys;
    private volatile Store store;
    private volatile boolean storeOpen;
    private UserApi userApi;
    private Javalin app;
    private int port = -1;
    private Thread shutdownHook;
    private final ApiLatency latency = new ApiLatency();

    /** A server that opens its store with {@link Store#open}. */
    public CastellanServer(ServerConfig config) {
        this(config, Store::open);
    }

    /**
     * A server that opens its store with {@code storeOpener}; an opener returning {@code null} runs without a store
     * (then {@code /readyz} answers 503). Tests use that until they need the store.
     */
    public CastellanServer(ServerConfig config, Function<StoreConfig, Store> storeOpener) {
        this(config, storeOpener, Clock.systemUTC());
    }

    /**
     * A server whose user API reads time from {@code clock}: request freshness, session timeouts, login throttling,
     * TOTP steps, invitation expiry and audit timestamps (tests move it forward).
     */
    public CastellanServer(ServerConfig config, Function<StoreConfig, Store> storeOpener, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.storeOpener = Objects.requireNonNull(storeOpener, "storeOpener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds Javalin configuration (routes) before start; for tests in this package and later feature modules. */
    synchronized CastellanServer configureJavalin(Consumer<JavalinConfig> more) {
        extraConfig = extraConfig.andThen(more);
        return this;
    }

    /** Wraps the audit the user API writes to, before start; for tests that make the audit fail. */
    synchronized CastellanServer decorateAudit(UnaryOperator<Audit> decorator) {
        auditDecorator = Objects.requireNonNull(decorator, "decorator");
        return this;
    }

    /**
     * Starts the server.
     *
     * @return the bound TCP port (the ephemeral one when the configured port is 0)
     * @throws StartupException if the data dir is locked, the port is in use, TLS material or keys are unusable, or
     *                          the store refuses to open
     */
    public synchronized int start() {
        if (state != State.NEW) {
            throw new IllegalStateException("a CastellanServer starts only once (state " + state + ")");
        }
        state = State.STARTING;
        try {
            lock = DataDirLock.acquire(config.dataDir());
            tls = TlsMaterial.loadOrCreate(config);
            keys = TransmissionKeys.loadOrCreate(config.dataDir());
            openStore();
            if (store != null) {
                userApi = UserApi.create(config, store, keys, clock, auditDecorator);
            }
            app = Javalin.create(this::configure);
            startJavalin();
            port = app.port();
        } catch (RuntimeException e) {
            releaseAll();
            state = State.STOPPED;
            stopped.countDown();
            throw e instanceof StartupException s ? s
                    : new StartupException(StoreDescription.redact(e.getMessage(), config), e);
        }
        state = State.RUNNING;
        shutdownHook = Thread.ofPlatform().name("castellan-shutdown").unstarted(this::stop);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        LOG.info("Castellan server listening on https://{}:{}", config.listen().hostForUrl(), port);
        return port;
    }

    private void openStore() {
        try {
            store = storeOpener.apply(config.storeConfig());
            storeOpen = store != null;
        } catch (RuntimeException e) {
            throw new StartupException("store (" + StoreDescription.describe(config) + ") refused to open: "
                    + StoreDescription.redact(e.getMessage(), config), e);
        }
    }

    private void startJavalin() {
        try {
            app.start();
        } catch (RuntimeException e) {
            if (causedByBind(e)) {
                throw new StartupException("cannot listen on " + config.listen() + ": address already in use"
                        + " or not available", e);
            }
            throw new StartupException("HTTPS listener failed to start: " + e.getClass().getSimpleName(), e);
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || t instanceof io.javalin.util.JavalinBindException) {
                return true;
            }
        }
        return false;
    }

    private void configure(JavalinConfig cfg) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.startup.startupWatcherEnabled = false;
        cfg.jetty.threadPool = JettyThreads.create();
        long bodyLimit = userApi == null ? config.maxRequestBodyBytes()
                : Math.max(config.maxRequestBodyBytes(), userApi.largestBodyLimit());
        cfg.http.maxRequestSize = bodyLimit;
        JettyServerSetup.apply(cfg, bodyLimit);
        cfg.jetty.addConnector((server, httpConfig) -> HttpsConnectors.create(server, httpConfig, tls, config.listen()));
        ErrorResponses.install(cfg.routes);
        SystemRoutes.install(cfg.routes, () -> storeOpen && StoreMetricsReader.ready(store),
                store == null ? () -> null : () -> StoreMetricsReader.read(store), latency, keys, tls);
        if (userApi != null) {
            userApi.install(cfg.routes);
            userApi.router().install(cfg);
            userApi.tunnels().install(cfg);
        }
        extraConfig.accept(cfg);
    }

    /**
     * Stops gracefully: in-flight requests get up to {@link JettyServerSetup#STOP_TIMEOUT} to finish, then the store
     * closes and the data-dir lock is released. Safe to call more than once and from any thread.
     */
    public void stop() {
        synchronized (this) {
            if (state != State.RUNNING) {
                return;
            }
            state = State.STOPPED;
        }
        LOG.info("Stopping Castellan server");
        removeShutdownHook();
        releaseAll();
        stopped.countDown();
        LOG.info("Castellan server stopped");
    }

    /** Blocks until {@link #stop()} completed (or a start failed). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private void releaseAll() {
        storeOpen = false; // readiness drops first, so load balancers stop routing here while requests drain
        if (userApi != null) {
            userApi.closeRouter(); // gateways are told and recorded offline while the store is still open
        }
        if (app != null) {
            try {
                app.stop();
            } catch (RuntimeException e) {
                LOG.warn("HTTPS listener did not stop cleanly: {}", e.getClass().getSimpleName());
            }
        }
        if (userApi != null) {
            userApi.close();
        }
        if (store != null) {
            try {
                store.close();
            } catch (Exception e) {
                LOG.warn("Store did not close cleanly: {}", StoreDescription.redact(e.getMessage(), config));
            }
        }
        if (lock != null) {
            lock.close();
        }
    }

    private void removeShutdownHook() {
        Thread hook = shutdownHook;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the hook will find the server stopped
            }
        }
    }

    public ServerConfig config() {
        return config;
    }

    /** The gateway Router of this node; null without a store or before start. */
    public io.castellan.server.router.RouterNode router() {
        return userApi == null ? null : userApi.router();
    }

    /** The access-revocation hook of this node (docs/access-control.md); null without a store or before start. */
    public io.castellan.server.access.AccessRevocation accessRevocation() {
        return userApi == null ? null : userApi.revocation();
    }

    /** The names of the registered user-API commands; empty without a store or before start. */
    java.util.Set<String> commandNames() {
        return userApi == null ? java.util.Set.of() : userApi.commandNames();
    }

    /** The bound port; -1 before a successful start. */
    public int port() {
        return port;
    }

    /** {@code https://HOST:PORT}, with the bound port. */
    public String url() {
        String host = config.listen().isWildcard() ? "localhost" : config.listen().hostForUrl();
        return "https://" + host + ":" + port;
    }

    /** The TLS material in use; null before start. */
    public TlsMaterial tlsMaterial() {
        return tls;
    }

    /** The open store; null before start or without one. For tests in this package. */
    Store store() {
        return store;
    }

    /** The transmission keys in use; null before start. */
    public TransmissionKeys transmissionKeys() {
        return keys;
    }

    /** One-line, password-free description of the store. */
    public String storeDescription() {
        return StoreDescription.describe(config);
    }
}
