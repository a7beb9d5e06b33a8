package io.castellan.gateway.router;

import java.time.Duration;

/**
 * Timing of a {@link RouterClient}; production uses {@link #DEFAULT}, tests shorten the waits.
 *
 * @param backoff          waits between reconnection attempts
 * @param handshakeTimeout how long connecting and authenticating may take before the attempt is abandoned
 * @param maxQueuedUpdates job updates kept while disconnected; beyond this the oldest are dropped (and logged)
 * @param tap              sees the text of every frame sent and received (tests check that none carries a secret)
 */
public record RouterClientOptions(Backoff backoff, Duration handshakeTimeout, int maxQueuedUpdates, FrameTap tap) {

    /** Observes frames as they cross the socket. */
    @FunctionalInterface
    public interface FrameTap {
        /** Sees nothing. */
        FrameTap NONE = (outbound, text) -> { };

        /**
         * @param outbound true for gateway → server
         * @param text     the frame's JSON text
         */
        void frame(boolean outbound, String text);
    }

    public static final RouterClientOptions DEFAULT = new RouterClientOptions(Backoff.DEFAULT, Duration.ofSeconds(10),
            1000, FrameTap.NONE);

    public RouterClientOptions {
        if (maxQueuedUpdates < 1) {
            throw new IllegalArgumentException("maxQueuedUpdates must be positive");
        }
        tap = tap == null ? FrameTap.NONE : tap;
    }
}
