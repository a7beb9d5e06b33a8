package io.castellan.sdk.config;

import java.util.Optional;

/**
 * Where a device keeps its configuration between runs. The SDK saves through it after every change it makes itself
 * (initialisation from a one-time token, binding, a new server key id), so a restarted process finds the bound
 * device. Implementations must be safe to call from several threads.
 *
 * @see InMemoryConfigStorage the default: nothing is written anywhere
 * @see FileConfigStorage a JSON file, mode 0600, replaced atomically
 */
public interface ConfigStorage {

    /** @return the stored configuration, or empty when nothing was stored yet */
    Optional<ClientConfig> load();

    /** @param config the configuration to keep, replacing what was stored */
    void save(ClientConfig config);
}
