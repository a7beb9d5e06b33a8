package io.castellan.sdk.config;

import java.util.Optional;

/**
 * Keeps the configuration in this process only: the default, so that the SDK writes nothing to disk unless asked.
 * A device initialised from a one-time token with this storage must be bound (its first {@code getSecrets}) and its
 * configuration taken from {@code SecretsManager.config()} in the same process, or the token is spent for nothing.
 */
public final class InMemoryConfigStorage implements ConfigStorage {

    private volatile ClientConfig config;

    /** An empty storage. */
    public InMemoryConfigStorage() {
    }

    /** @param initial the configuration to start with */
    public InMemoryConfigStorage(ClientConfig initial) {
        this.config = initial;
    }

    @Override
    public Optional<ClientConfig> load() {
        return Optional.ofNullable(config);
    }

    @Override
    public void save(ClientConfig config) {
        this.config = config;
    }

    @Override
    public String toString() {
        return "InMemoryConfigStorage[" + (config == null ? "empty" : config.toString()) + "]";
    }
}
