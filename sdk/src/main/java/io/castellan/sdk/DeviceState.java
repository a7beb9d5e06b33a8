package io.castellan.sdk;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.DeviceIds;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Wipe;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.ConfigStorage;
import io.castellan.sdk.config.InvalidClientConfigException;
import io.castellan.sdk.transport.ServerKey;
import java.security.interfaces.ECPrivateKey;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The device's configuration while the SDK runs: its identity (client id, signing key), its keys (client key
 * before binding, application key and owner public key after), and the server key it seals to. Every change the SDK
 * makes (binding, a new server key) replaces the configuration and is saved through the {@link ConfigStorage}.
 * Thread-safe.
 */
final class DeviceState {

    private final ConfigStorage storage;
    private final String clientId;
    private final ECPrivateKey privateKey;
    private ClientConfig config;

    /**
     * @param config the configuration; it must hold a host name, client id, private key, and a client key or an
     *     application key
     * @param storage where changes are saved
     */
    DeviceState(ClientConfig config, ConfigStorage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
        config.require(ClientConfig.HOSTNAME);
        this.clientId = config.require(ClientConfig.CLIENT_ID);
        this.privateKey = parsePrivateKey(config.require(ClientConfig.PRIVATE_KEY));
        if (!config.isBound()) {
            byte[] clientKey = bytes(config, ClientConfig.CLIENT_KEY);
            try {
                if (!DeviceIds.clientId(clientKey).equals(clientId)) {
                    throw new InvalidClientConfigException("configuration's clientKey does not belong to its clientId");
                }
            } catch (CryptoException e) {
                throw new InvalidClientConfigException("configuration's clientKey must be 32 bytes");
            } finally {
                Wipe.wipe(clientKey);
            }
        } else {
            Wipe.wipe(bytes(config, ClientConfig.APP_KEY));
        }
        this.config = config;
    }

    private static ECPrivateKey parsePrivateKey(String b64) {
        try {
            return EcKeys.privateKeyFromPkcs8(Base64s.decode(b64));
        } catch (CryptoException e) {
            throw new InvalidClientConfigException("configuration's privateKey is not a base64 PKCS#8 P-256 key");
        }
    }

    private static byte[] bytes(ClientConfig config, String key) {
        try {
            return Base64s.decode(config.require(key));
        } catch (CryptoException e) {
            throw new InvalidClientConfigException("configuration's " + key + " is not standard base64");
        }
    }

    synchronized ClientConfig config() {
        return config;
    }

    String clientId() {
        return clientId;
    }

    String hostname() {
        return config().require(ClientConfig.HOSTNAME);
    }

    ECPrivateKey privateKey() {
        return privateKey;
    }

    /** @return the device's raw public point, sent once, in the binding {@code get_secret} */
    byte[] rawPublicKey() {
        return EcKeys.rawPublicKey(EcKeys.publicKeyOf(privateKey));
    }

    synchronized boolean isBound() {
        return config.isBound();
    }

    /** @return a copy of the application key; the caller wipes it */
    byte[] appKey() {
        return bytes(config(), ClientConfig.APP_KEY);
    }

    /** @return a copy of the one-time client key; the caller wipes it */
    byte[] clientKey() {
        return bytes(config(), ClientConfig.CLIENT_KEY);
    }

    /** @return the application owner's raw public point, which new record keys are sealed to */
    byte[] ownerPublicKey() {
        if (config().get(ClientConfig.APP_OWNER_PUBLIC_KEY).isEmpty()) {
            throw new InvalidClientConfigException(
                    "configuration has no 'appOwnerPublicKey', so this device cannot create records or files");
        }
        return bytes(config(), ClientConfig.APP_OWNER_PUBLIC_KEY);
    }

    /** @return the configured server key, or {@code null} */
    synchronized ServerKey configuredServerKey() {
        String key = config.get(ClientConfig.SERVER_PUBLIC_KEY).orElse(null);
        if (key == null) {
            return null;
        }
        Integer id = configuredKeyId();
        if (id == null) {
            throw new InvalidClientConfigException("configuration has 'serverPublicKey' but no 'serverPublicKeyId'");
        }
        return ServerKey.of(id, key);
    }

    /** @return the configured server key id, or {@code null} */
    synchronized Integer configuredKeyId() {
        String id = config.get(ClientConfig.SERVER_PUBLIC_KEY_ID).orElse(null);
        if (id == null) {
            return null;
        }
        if (!id.strip().matches("[0-9]{1,9}")) {
            throw new InvalidClientConfigException("configuration's serverPublicKeyId is not a number");
        }
        return Integer.valueOf(id.strip());
    }

    /**
     * Records the binding: keeps the application key and owner key and forgets the client key, as Keeper's SDKs do.
     *
     * @param appKey the application key (copied)
     * @param ownerPublicKey the owner's raw point as standard base64, or {@code null}
     */
    void bind(byte[] appKey, String ownerPublicKey) {
        update(config -> config.with(ClientConfig.APP_KEY, Base64s.encode(appKey))
                .with(ClientConfig.APP_OWNER_PUBLIC_KEY, ownerPublicKey)
                .with(ClientConfig.CLIENT_KEY, null)
                .with("publicKey", null));
    }

    /** @param key the server key now in use */
    void serverKey(ServerKey key) {
        update(config -> config.with(ClientConfig.SERVER_PUBLIC_KEY, key.webSafe())
                .with(ClientConfig.SERVER_PUBLIC_KEY_ID, Integer.toString(key.keyId())));
    }

    /** Applies and saves a change; saving under the lock keeps the stored copy in the order of the changes. */
    private synchronized void update(UnaryOperator<ClientConfig> change) {
        config = change.apply(config);
        storage.save(config);
    }

    @Override
    public String toString() {
        return "DeviceState[" + config() + "]";
    }
}
