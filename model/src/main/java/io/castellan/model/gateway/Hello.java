package io.castellan.model.gateway;

import java.util.List;

/**
 * Gateway → server, answer to {@link Challenge}: the gateway proves it holds its device private key.
 *
 * @param clientId the gateway's Secrets Manager client id (its device id, as on the device API)
 * @param nonce the challenge nonce, echoed
 * @param signature standard base64 of the DER ECDSA P-256/SHA-256 signature over
 *     {@link GatewayProtocol#signedBytes(String, String)}
 * @param version the gateway's version string
 * @param startedAt when the gateway process started, epoch milliseconds
 * @param capabilities command types this gateway can run ({@link CommandType} names)
 * @param jobCapacity how many jobs the gateway takes at once (running plus waiting for a slot); the server sends no
 *     more scheduled jobs than that until some finish. {@code null} (a gateway that does not say): no limit.
 */
public record Hello(String clientId, String nonce, String signature, String version, long startedAt,
                    List<String> capabilities, Integer jobCapacity) implements GatewayFrame {

    /** A Hello that announces no job capacity. */
    public Hello(String clientId, String nonce, String signature, String version, long startedAt,
            List<String> capabilities) {
        this(clientId, nonce, signature, version, startedAt, capabilities, null);
    }
}
