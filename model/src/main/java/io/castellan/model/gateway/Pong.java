package io.castellan.model.gateway;

/**
 * Heartbeat answer.
 *
 * @param seq the {@link Ping#seq()} answered
 * @param sentAt the {@link Ping#sentAt()} answered, so the pinger measures round-trip time on its own clock
 */
public record Pong(long seq, long sentAt) implements GatewayFrame {
}
