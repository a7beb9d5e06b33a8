package io.castellan.model.gateway;

/**
 * Server → gateway, then close: the connection is refused. {@code retry} false means reconnecting will not help
 * (the gateway was removed, its signature is wrong, its IP is not the locked one); the gateway then stops and says
 * why instead of hammering the server.
 *
 * @param code an error-catalogue code ({@code unauthenticated}, {@code forbidden}, {@code not_found}, ...)
 * @param message a human sentence naming the problem (never a secret)
 * @param retry whether reconnecting later can succeed
 */
public record Refused(String code, String message, boolean retry) implements GatewayFrame {
}
