package io.castellan.model.gateway;

/**
 * Server → gateway: authentication succeeded.
 *
 * @param gatewayUid the gateway's UID as users see it in {@code pam gateway list}
 * @param heartbeatMillis how often each side sends {@link Ping}; a peer silent for three intervals is gone
 * @param serverNode the id of the server node holding this socket
 */
public record Welcome(String gatewayUid, long heartbeatMillis, String serverNode) implements GatewayFrame {
}
