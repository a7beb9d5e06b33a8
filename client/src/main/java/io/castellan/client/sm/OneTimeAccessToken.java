package io.castellan.client.sm;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.DeviceIds;
import io.castellan.crypto.SecretBytes;
import java.net.URI;
import java.util.Objects;

/**
 * A device's one-time access token (ksm-protocol.md §2): 32 random bytes, the {@code clientKey}. The token text is
 * {@code HOST:} + web-safe base64 of the key (43 characters), Keeper's format; the device's id is
 * {@code clientId = std-base64(HMAC-SHA512(clientKey, "KEEPER_SECRETS_MANAGER_CLIENT_ID"))}.
 *
 * <p>The Keeper SDKs split the token on {@code :}, so its host cannot carry a port: {@link #tokenHost(URI)} is the
 * bare host, and {@link #configHostname(URI)} the {@code host[:port]} a configuration or the SDK's
 * {@code hostName} option needs. {@link #toString()} never shows the key; {@link #close()} wipes it.
 */
public final class OneTimeAccessToken implements AutoCloseable {

    private static final int HTTPS_PORT = 443;

    private final SecretBytes clientKey;

    private OneTimeAccessToken(SecretBytes clientKey) {
        this.clientKey = clientKey;
    }

    /** @return a token with 32 fresh random bytes */
    public static OneTimeAccessToken generate() {
        return new OneTimeAccessToken(SecretBytes.random(DeviceIds.CLIENT_KEY_LENGTH));
    }

    /** @return a token holding a copy of {@code clientKey} (32 bytes) */
    public static OneTimeAccessToken of(byte[] clientKey) {
        if (clientKey == null || clientKey.length != DeviceIds.CLIENT_KEY_LENGTH) {
            throw new IllegalArgumentException("a client key is " + DeviceIds.CLIENT_KEY_LENGTH + " bytes");
        }
        return new OneTimeAccessToken(SecretBytes.copyOf(clientKey));
    }

    /** @return the live client key (valid until closed) */
    public byte[] clientKey() {
        return clientKey.bytes();
    }

    /** @return the device's 88-character client id */
    public String clientId() {
        return DeviceIds.clientId(clientKey.bytes());
    }

    /**
     * @param host the token's host (no port), or {@code null} for a bare token (the device then needs the host
     *     from elsewhere)
     * @return {@code HOST:KEY}, or {@code KEY} when {@code host} is null or empty
     * @throws IllegalArgumentException when {@code host} contains {@code :} (the SDKs would misread the token)
     */
    public String token(String host) {
        String key = Base64s.encodeWebSafe(clientKey.bytes());
        if (host == null || host.isEmpty()) {
            return key;
        }
        if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a one-time token's host cannot contain ':'");
        }
        return host + ":" + key;
    }

    /**
     * @param server the server URL
     * @return the host to put in a token (never a port), or {@code null} when the host cannot go in a token (an IPv6
     *     literal holds {@code :})
     */
    public static String tokenHost(URI server) {
        String host = Objects.requireNonNull(server, "server").getHost();
        return host == null || host.indexOf(':') >= 0 ? null : host;
    }

    /**
     * @param server the server URL
     * @return {@code host[:port][/path]}: what a device configuration's {@code hostname} (or the SDK's
     *     {@code hostName} option) must hold to reach the server; the port is left out when it is 443
     */
    public static String configHostname(URI server) {
        StringBuilder out = new StringBuilder(server.getHost());
        if (server.getPort() != -1 && server.getPort() != HTTPS_PORT) {
            out.append(':').append(server.getPort());
        }
        String path = server.getRawPath();
        if (path != null && !path.isEmpty() && !"/".equals(path)) {
            out.append(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        }
        return out.toString();
    }

    /** @return whether a token's bare host is enough to reach this server (port 443, no path prefix) */
    public static boolean tokenReaches(URI server) {
        return tokenHost(server) != null && configHostname(server).equals(tokenHost(server));
    }

    @Override
    public void close() {
        clientKey.close();
    }

    @Override
    public String toString() {
        return "OneTimeAccessToken[" + (clientKey.isClosed() ? "closed" : "32 bytes") + "]";
    }
}
