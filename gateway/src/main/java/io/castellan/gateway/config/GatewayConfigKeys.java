package io.castellan.gateway.config;

/**
 * Keys the gateway adds to the SDK's device configuration ({@code io.castellan.sdk.config.ClientConfig}). The
 * configuration stays one format: the SDK keeps unknown keys when it loads and saves, and Keeper's SDKs ignore them.
 */
public final class GatewayConfigKeys {

    /**
     * The SHA-256 fingerprint of the server's TLS certificate, {@code AB:CD:...}, pinned at {@code ott-init}. Absent
     * when the server's certificate is trusted through the JVM's trust store.
     */
    public static final String TLS_FINGERPRINT = "tlsFingerprintSha256";

    private GatewayConfigKeys() {
    }
}
