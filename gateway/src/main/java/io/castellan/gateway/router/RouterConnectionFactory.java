package io.castellan.gateway.router;

import io.castellan.gateway.jobs.CommandSink;

/** Makes the Router connection (the WebSocket client in production; tests may substitute their own). */
@FunctionalInterface
public interface RouterConnectionFactory {

    /**
     * @param settings where and who
     * @param sink receives the server's commands
     * @return a connection, not yet started
     */
    RouterConnection create(RouterClientSettings settings, CommandSink sink);
}
