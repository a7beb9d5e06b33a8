package io.castellan.sdk.config;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Secrets Manager device configuration, in the key layout Keeper Secrets Manager SDKs use, so that one file works
 * for Castellan's SDK and for the Keeper SDKs pointed at a Castellan server.
 *
 * <p>Byte values are standard base64, as the Keeper SDKs write them; {@code serverPublicKey} is the web-safe base64
 * raw P-256 point. Before binding a device holds {@code clientKey}; after binding it holds {@code appKey} and
 * {@code appOwnerPublicKey}. The map is kept as given (unknown keys survive a load/save) and is never printed:
 * {@link #toString()} names only the keys present.
 */
public final class ClientConfig {

    public static final String HOSTNAME = "hostname";
    public static final String CLIENT_ID = "clientId";
    public static final String CLIENT_KEY = "clientKey";
    public static final String PRIVATE_KEY = "privateKey";
    public static final String APP_KEY = "appKey";
    public static final String APP_OWNER_PUBLIC_KEY = "appOwnerPublicKey";
    public static final String SERVER_PUBLIC_KEY = "serverPublicKey";
    public static final String SERVER_PUBLIC_KEY_ID = "serverPublicKeyId";

    private final TreeMap<String, String> values;

    ClientConfig(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    /** A configuration holding exactly {@code values}. */
    public static ClientConfig of(Map<String, String> values) {
        return new ClientConfig(values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value of a key the caller cannot proceed without; the error names the key, never a value. */
    public String require(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new InvalidClientConfigException("configuration has no '" + key + "'");
        }
        return v;
    }

    /** A copy with {@code key} set ({@code null} removes it). */
    public ClientConfig with(String key, String value) {
        TreeMap<String, String> copy = new TreeMap<>(values);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new ClientConfig(copy);
    }

    /** True once the device has been bound to its application (it holds the application key). */
    public boolean isBound() {
        return values.containsKey(APP_KEY);
    }

    /** All entries, sorted by key; the caller must treat the values as secrets. */
    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return "ClientConfig" + values.keySet();
    }
}
