package io.castellan.gateway.router;

import io.castellan.gateway.jobs.CommandSink;
import io.castellan.model.gateway.GatewayProtocol;
import io.castellan.model.gateway.JobUpdate;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's Router connection: one outbound WebSocket over TLS ({@code wss://HOST:PORT/api/gateway/v1/connect})
 * that answers the server's challenge with the device key, exchanges heartbeats, hands commands to the
 * {@link CommandSink}, and sends job updates (queued, bounded, while disconnected). A lost connection is retried with
 * exponential backoff and full jitter; a refusal the server marks final stops it ({@link #stopped()} completes
 * exceptionally with a {@link RouterRefusedException}).
 *
 * <p>One virtual thread supervises: it runs one {@link RouterLink} (one socket) at a time until that ends, then waits
 * and connects again.
 */
public final class RouterClient implements RouterConnection {

    private static final Logger LOG = LoggerFactory.getLogger(RouterClient.class);

    private final RouterClientSettings settings;
    private final CommandSink sink;
    private final RouterClientOptions options;
    private final URI socketUri;
    private final HttpClient http;
    private final PendingUpdates pending;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Object reportLock = new Object();
    private volatile RouterLink link;
    private volatile boolean closing;
    private Thread supervisor;

    /** A client with production timing. */
    public RouterClient(RouterClientSettings settings, CommandSink sink) {
        this(settings, sink, RouterClientOptions.DEFAULT);
    }

    public RouterClient(RouterClientSettings settings, CommandSink sink, RouterClientOptions options) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.options = Objects.requireNonNull(options, "options");
        this.socketUri = socketUri(settings.serverUri());
        this.http = HttpClient.newBuilder()
                .sslContext(settings.sslContext())
                .connectTimeout(options.handshakeTimeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.pending = new PendingUpdates(options.maxQueuedUpdates());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("router-heartbeat").unstarted(r));
    }

    /** {@code https://h:p} → {@code wss://h:p/api/gateway/v1/connect} (and {@code http} → {@code ws}). */
    static URI socketUri(URI server) {
        String scheme = switch (String.valueOf(server.getScheme())) {
            case "https" -> "wss";
            case "http" -> "ws";
            default -> throw new IllegalArgumentException("the server address must start with https://");
        };
        return URI.create(scheme + "://" + server.getRawAuthority() + GatewayProtocol.CONNECT_PATH);
    }

    @Override
    public synchronized void start() {
        if (supervisor != null) {
            throw new IllegalStateException("a RouterClient starts only once");
        }
        supervisor = Thread.ofVirtual().name("router-client").start(this::superviseLinks);
    }

    private void superviseLinks() {
        int failures = 0;
        try {
            while (!closing) {
                RouterLink current = new RouterLink(this);
                link = current;
                LinkOutcome outcome = current.run();
                link = null;
                if (closing) {
                    break;
                }
                if (outcome.refusal() != null && !outcome.refusal().retry()) {
                    LOG.error("Router refused this gateway for good ({}): {}", outcome.refusal().code(),
                            outcome.refusal().message());
                    stopped.completeExceptionally(new RouterRefusedException(outcome.refusal().code(),
                            outcome.refusal().message()));
                    return;
                }
                failures = outcome.authenticated() ? 0 : failures + 1;
                Duration wait = options.backoff().delay(failures);
                LOG.info("Router connection ended ({}); reconnecting in {} ms", outcome.reason(), wait.toMillis());
                Thread.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Router connection supervisor failed: {}", e.getClass().getSimpleName(), e);
            stopped.completeExceptionally(e);
            return;
        }
        stopped.complete(null);
    }

    /**
     * Sends a job update now when authenticated, else queues it for the next connection. Safe from any thread.
     */
    void report(JobUpdate update) {
        synchronized (reportLock) {
            RouterLink current = link;
            if (current != null && current.ready()) {
                current.send(update);
            } else {
                pending.add(update);
            }
        }
    }

    /** A job update the socket could not send: kept for the next connection. */
    void unsent(JobUpdate update) {
        pending.add(update);
    }

    /** Called by a link once authenticated: flushes what waited, in order, before any newer update. */
    void authenticated(RouterLink current) {
        synchronized (reportLock) {
            current.markReady();
            List<JobUpdate> waiting = pending.drain();
            waiting.forEach(current::send);
            if (!waiting.isEmpty()) {
                LOG.info("sent {} job updates queued while disconnected", waiting.size());
            }
        }
    }

    @Override
    public boolean connected() {
        RouterLink current = link;
        return current != null && current.ready();
    }

    @Override
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    @Override
    public void close() {
        closing = true;
        RouterLink current = link;
        if (current != null) {
            current.closeNormally();
        }
        Thread s;
        synchronized (this) {
            s = supervisor;
        }
        if (s != null) {
            s.interrupt();
        }
        timer.shutdownNow();
        http.close();
        stopped.complete(null);
    }

    RouterClientSettings settings() {
        return settings;
    }

    CommandSink sink() {
        return sink;
    }

    RouterClientOptions options() {
        return options;
    }

    URI socketUri() {
        return socketUri;
    }

    HttpClient http() {
        return http;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** @return updates waiting for a connection (tests and gateway-info) */
    public int queuedUpdates() {
        return pending.size();
    }
}
