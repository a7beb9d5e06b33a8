/**
 * The Castellan server: {@link io.castellan.server.CastellanServer} (one process serving the API over HTTPS),
 * its configuration ({@link io.castellan.server.ServerConfig}) and the {@code castellan server start} command
 * ({@link io.castellan.server.ServerCommand}).
 */
package io.castellan.server;
