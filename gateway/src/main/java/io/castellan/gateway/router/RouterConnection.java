package io.castellan.gateway.router;

import java.util.concurrent.CompletableFuture;

/** A running Router connection: connects, reconnects on loss, and stops for good when the server refuses it. */
public interface RouterConnection extends AutoCloseable {

    /** Starts connecting in the background; returns at once. */
    void start();

    /** @return whether the connection is authenticated right now */
    boolean connected();

    /**
     * @return completes normally after {@link #close()}, or exceptionally (with a message naming the reason) when
     *     the server refused the gateway for good (removed, bad signature, IP lock)
     */
    CompletableFuture<Void> stopped();

    /** Closes the socket and stops reconnecting. */
    @Override
    void close();
}
