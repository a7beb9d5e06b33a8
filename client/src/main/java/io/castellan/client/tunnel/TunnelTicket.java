package io.castellan.client.tunnel;

/**
 * What {@code tunnel_open} answers.
 *
 * @param tunnelId    the tunnel
 * @param token       the one-time relay token (a bearer secret for 30 s: never logged)
 * @param jobId       the gateway's {@code tunnel-open} job (its summary explains a gateway-side failure)
 * @param gatewayUid  the gateway
 * @param gatewayKey  the gateway's device public key (raw P-256), which must sign its ephemeral key
 * @param connectPath the relay's WebSocket path
 */
public record TunnelTicket(String tunnelId, String token, String jobId, String gatewayUid, byte[] gatewayKey,
                           String connectPath) {

    @Override
    public String toString() {
        return "TunnelTicket[" + tunnelId + "]";
    }
}
