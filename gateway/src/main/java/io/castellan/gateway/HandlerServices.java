package io.castellan.gateway;

import io.castellan.gateway.logging.SecretScrubber;
import io.castellan.gateway.runner.GatewaySecrets;
import java.time.Instant;

/**
 * What extra job handlers may be built from when {@code start} wires the runner.
 *
 * @param secrets the gateway's vault access
 * @param scrubber the secret registry
 * @param version the gateway's version
 * @param startedAt when this process started
 * @param identity the gateway's server address, pinned TLS, client id and device key (tunnels join their relay)
 * @param directTunnels the direct tunnel port ({@code --tunnel-listen}), or null
 */
public record HandlerServices(GatewaySecrets secrets, SecretScrubber scrubber, String version, Instant startedAt,
                              io.castellan.gateway.config.GatewayIdentity identity,
                              io.castellan.gateway.tunnel.DirectTunnels directTunnels) {
}
