package io.castellan.sdk.config;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.DeviceIds;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Wipe;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A one-time access token as the vault prints it: {@code [HOST:]<web-safe base64 of 32 random bytes>} (Keeper's
 * format, ksm-protocol.md §2). Keeper SDK 17.3's four-part form {@code HOST:KEY:SERVER_KEY_ID:SERVER_PUBLIC_KEY} is
 * accepted too and saves the device one look-up of the server's keys.
 *
 * <p><b>Ports.</b> The token is split on {@code :}, so {@code localhost:8443:KEY} cannot be told apart from other
 * forms and is refused; pass the host with its port as the {@code hostName} override instead. Unlike Keeper's Java
 * SDK 17.0 (where the token's prefix wins), a non-null override here <em>replaces</em> the token's host, which is the
 * only way to reach a server on a non-default port. Keeper's region names ({@code US}, {@code EU}…) are not mapped to
 * Keeper's hosts: Castellan is self-hosted, so any prefix is a host name.
 *
 * <p>The client key is the device's only secret before binding: {@link #toString()} never shows it and
 * {@link #wipe()} clears it.
 */
public final class OneTimeToken {

    private final String hostname;
    private final byte[] clientKey;
    private final Integer serverPublicKeyId;
    private final String serverPublicKey;

    private OneTimeToken(String hostname, byte[] clientKey, Integer serverPublicKeyId, String serverPublicKey) {
        this.hostname = hostname;
        this.clientKey = clientKey;
        this.serverPublicKeyId = serverPublicKeyId;
        this.serverPublicKey = serverPublicKey;
    }

    /**
     * @param token the token as printed by the vault
     * @param hostNameOverride the server's {@code host[:port]}, replacing any host in the token, or {@code null}
     * @return the parsed token
     * @throws InvalidClientConfigException when the token is malformed or names no host at all
     */
    public static OneTimeToken parse(String token, String hostNameOverride) {
        if (token == null || token.isBlank()) {
            throw new InvalidClientConfigException("the one-time token is empty");
        }
        String[] parts = token.strip().split(":", -1);
        if (parts.length == 3) {
            throw new InvalidClientConfigException("the one-time token has three ':'-separated parts; a port cannot "
                    + "be part of the token, pass the server as hostName (for example localhost:8443) instead");
        }
        if (parts.length > 4) {
            throw new InvalidClientConfigException("the one-time token is not of the form [HOST:]KEY");
        }
        String tokenHost = parts.length == 1 ? null : parts[0].strip();
        String host = hostNameOverride != null && !hostNameOverride.isBlank() ? hostNameOverride.strip() : tokenHost;
        if (host == null || host.isEmpty()) {
            throw new InvalidClientConfigException("the one-time token names no server; pass hostName");
        }
        byte[] key = decodeKey(parts.length == 1 ? parts[0] : parts[1]);
        if (parts.length == 4) {
            return new OneTimeToken(host, key, parseKeyId(parts[2]), parsePoint(parts[3], key));
        }
        return new OneTimeToken(host, key, null, null);
    }

    private static byte[] decodeKey(String text) {
        byte[] key;
        try {
            key = Base64s.decodeWebSafe(text.strip());
        } catch (CryptoException e) {
            throw new InvalidClientConfigException("the one-time token's key is not web-safe base64");
        }
        if (key.length != DeviceIds.CLIENT_KEY_LENGTH) {
            Wipe.wipe(key);
            throw new InvalidClientConfigException("the one-time token's key must be "
                    + DeviceIds.CLIENT_KEY_LENGTH + " bytes");
        }
        return key;
    }

    private static Integer parseKeyId(String text) {
        if (!text.strip().matches("[0-9]{1,9}")) {
            throw new InvalidClientConfigException("the one-time token's server key id is not a number");
        }
        return Integer.valueOf(text.strip());
    }

    private static String parsePoint(String text, byte[] key) {
        try {
            EcKeys.publicKeyFromRaw(Base64s.decodeWebSafe(text.strip()));
            return text.strip();
        } catch (CryptoException e) {
            Wipe.wipe(key);
            throw new InvalidClientConfigException("the one-time token's server public key is not a P-256 point");
        }
    }

    /** @return the server's {@code host[:port]} */
    public String hostname() {
        return hostname;
    }

    /** @return a copy of the 32-byte client key; the caller wipes it */
    public byte[] clientKey() {
        return clientKey.clone();
    }

    /** @return the device's client id: std-base64(HMAC-SHA512(clientKey, "KEEPER_SECRETS_MANAGER_CLIENT_ID")) */
    public String clientId() {
        return DeviceIds.clientId(clientKey);
    }

    /** @return the server key id carried by a four-part token */
    public OptionalInt serverPublicKeyId() {
        return serverPublicKeyId == null ? OptionalInt.empty() : OptionalInt.of(serverPublicKeyId);
    }

    /** @return the server public key (web-safe base64 raw point) carried by a four-part token */
    public Optional<String> serverPublicKey() {
        return Optional.ofNullable(serverPublicKey);
    }

    /** Clears the client key. */
    public void wipe() {
        Wipe.wipe(clientKey);
    }

    @Override
    public String toString() {
        return "OneTimeToken[host=" + hostname + "]";
    }
}
