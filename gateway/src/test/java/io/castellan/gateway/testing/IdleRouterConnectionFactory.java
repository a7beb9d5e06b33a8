package io.castellan.gateway.testing;

import io.castellan.gateway.jobs.CommandSink;
import io.castellan.gateway.router.RouterClientSettings;
import io.castellan.gateway.router.RouterConnection;
import io.castellan.gateway.router.RouterConnectionFactory;
import java.util.concurrent.CompletableFuture;

/**
 * Registered as a service on the test class path only, so a gateway started in a child JVM (through
 * {@code GatewayMain}, which finds the Router client with {@code ServiceLoader}) has a connection that stays up until
 * closed: enough to test the process's own start-up and SIGTERM handling.
 */
public final class IdleRouterConnectionFactory implements RouterConnectionFactory {

    @Override
    public RouterConnection create(RouterClientSettings settings, CommandSink sink) {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        return new RouterConnection() {
            @Override
            public void start() {
                // nothing to connect to
            }

            @Override
            public boolean connected() {
                return !stopped.isDone();
            }

            @Override
            public CompletableFuture<Void> stopped() {
                return stopped;
            }

            @Override
            public void close() {
                stopped.complete(null);
            }
        };
    }
}
