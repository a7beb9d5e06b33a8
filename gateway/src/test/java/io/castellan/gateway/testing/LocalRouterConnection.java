package io.castellan.gateway.testing;

import io.castellan.gateway.jobs.CommandSink;
import io.castellan.gateway.router.RouterClientSettings;
import io.castellan.gateway.router.RouterConnection;
import io.castellan.gateway.router.RouterConnectionFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Router connection inside the test: the WebSocket client is another engineer's module, so start-up tests take
 * the settings {@code start} built and drive its job runner through the sink, as the real client would.
 */
public final class LocalRouterConnection implements RouterConnection {

    /** Hands out one connection and lets the test wait for it. */
    public static final class Factory implements RouterConnectionFactory {

        private final CompletableFuture<LocalRouterConnection> created = new CompletableFuture<>();

        @Override
        public RouterConnection create(RouterClientSettings settings, CommandSink sink) {
            LocalRouterConnection c = new LocalRouterConnection(settings, sink);
            created.complete(c);
            return c;
        }

        /** @return the connection, once {@code start} made it */
        public LocalRouterConnection await() throws Exception {
            return created.get(20, TimeUnit.SECONDS);
        }

        /** @return the connection if one was made, else null (without waiting) */
        public LocalRouterConnection await0() {
            return created.getNow(null);
        }
    }

    public final RouterClientSettings settings;
    public final CommandSink sink;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean started;
    private volatile boolean closed;

    private LocalRouterConnection(RouterClientSettings settings, CommandSink sink) {
        this.settings = settings;
        this.sink = sink;
    }

    @Override
    public void start() {
        started = true;
    }

    @Override
    public boolean connected() {
        return started && !closed;
    }

    @Override
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /** The server refuses the gateway for good. */
    public void refuse(String why) {
        stopped.completeExceptionally(new IllegalStateException(why));
    }

    @Override
    public void close() {
        closed = true;
        stopped.complete(null);
    }

    public boolean closed() {
        return closed;
    }
}
