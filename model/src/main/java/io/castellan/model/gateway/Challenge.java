package io.castellan.model.gateway;

/**
 * Server → gateway, first frame on a new connection: a fresh random nonce the gateway must sign. A nonce is good
 * for that one connection only, so a recorded {@link Hello} cannot be replayed on another.
 *
 * @param protocolVersion {@link GatewayProtocol#VERSION}
 * @param nonce web-safe base64 (no padding) of 32 random bytes
 * @param serverNode the id of the server node holding this socket
 */
public record Challenge(int protocolVersion, String nonce, String serverNode) implements GatewayFrame {
}
