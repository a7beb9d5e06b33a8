package io.castellan.gateway.router;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * What a Router connection needs.
 *
 * @param serverUri the server's base address, {@code https://HOST:PORT} (the WebSocket URI is derived from it)
 * @param sslContext trusts exactly the server's certificate (pinned), as the device API client does
 * @param clientId the gateway's Secrets Manager client id
 * @param deviceKey the gateway's device private key (P-256), which signs the server's challenge
 * @param version the gateway's version string
 * @param startedAt when this gateway process started
 * @param capabilities command types this gateway runs ({@link io.castellan.model.gateway.CommandType} wire names)
 * @param jobCapacity jobs the gateway admits at once (announced in Hello so the server holds the rest back); 0 for
 *     none announced
 */
public record RouterClientSettings(URI serverUri, SSLContext sslContext, String clientId, PrivateKey deviceKey,
                                   String version, Instant startedAt, List<String> capabilities, int jobCapacity) {

    /** Settings that announce no job capacity (tests and tools). */
    public RouterClientSettings(URI serverUri, SSLContext sslContext, String clientId, PrivateKey deviceKey,
            String version, Instant startedAt, List<String> capabilities) {
        this(serverUri, sslContext, clientId, deviceKey, version, startedAt, capabilities, 0);
    }
}
