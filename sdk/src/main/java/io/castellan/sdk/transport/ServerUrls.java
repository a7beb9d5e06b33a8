package io.castellan.sdk.transport;

import io.castellan.sdk.config.InvalidClientConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * The server URLs a device uses, built from the configuration's {@code hostname} ({@code host} or {@code host:port},
 * no scheme: Keeper's SDKs hard-code {@code https://} and so does this one).
 */
public final class ServerUrls {

    /** Prefix of the device API (ksm-protocol.md §1.1). */
    public static final String API_PREFIX = "/api/rest/sm/v1/";
    /** Where the server publishes its transmission public keys. */
    public static final String SERVER_KEYS_PATH = "/.well-known/castellan/server-keys";

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:%]{1,255}");

    private final String hostname;

    private ServerUrls(String hostname) {
        this.hostname = hostname;
    }

    /**
     * @param hostname {@code host} or {@code host:port}, e.g. {@code vault.example.com} or {@code localhost:8443}
     * @return the URLs
     * @throws InvalidClientConfigException when it holds a scheme, a path, credentials or spaces
     */
    public static ServerUrls of(String hostname) {
        String host = hostname == null ? "" : hostname.strip();
        if (!HOST.matcher(host).matches()) {
            throw new InvalidClientConfigException("hostname must be host or host:port without scheme or path");
        }
        try {
            URI uri = new URI("https://" + host + "/");
            if (uri.getHost() == null) {
                throw new InvalidClientConfigException("hostname is not a valid host or host:port");
            }
        } catch (URISyntaxException e) {
            throw new InvalidClientConfigException("hostname is not a valid host or host:port");
        }
        return new ServerUrls(host);
    }

    /** @return the {@code host[:port]} */
    public String hostname() {
        return hostname;
    }

    /** @param path an endpoint such as {@code get_secret} */
    public URI api(String path) {
        return URI.create("https://" + hostname + API_PREFIX + path);
    }

    /** @return the server-keys URL */
    public URI serverKeys() {
        return URI.create("https://" + hostname + SERVER_KEYS_PATH);
    }

    @Override
    public String toString() {
        return "https://" + hostname;
    }
}
