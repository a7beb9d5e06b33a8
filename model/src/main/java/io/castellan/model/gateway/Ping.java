package io.castellan.model.gateway;

/**
 * Heartbeat, both directions. The receiver answers with a {@link Pong} carrying the same {@code seq}.
 *
 * @param seq sender's counter
 * @param sentAt sender's clock, epoch milliseconds
 */
public record Ping(long seq, long sentAt) implements GatewayFrame {
}
