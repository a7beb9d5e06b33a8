package io.castellan.gateway.router;

import io.castellan.gateway.jobs.CommandSink;

/** Makes {@link RouterClient}s: the production {@link RouterConnectionFactory}. */
public final class RouterClientFactory implements RouterConnectionFactory {

    private final RouterClientOptions options;

    public RouterClientFactory() {
        this(RouterClientOptions.DEFAULT);
    }

    public RouterClientFactory(RouterClientOptions options) {
        this.options = options;
    }

    @Override
    public RouterConnection create(RouterClientSettings settings, CommandSink sink) {
        return new RouterClient(settings, sink, options);
    }
}
