package io.castellan.gateway.config;

import io.castellan.sdk.config.ClientConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A loaded gateway configuration and where it came from (for the start-up log line; never its content).
 *
 * @param config the device configuration
 * @param origin e.g. {@code file /etc/castellan-gateway/gateway-config.json} or {@code environment GATEWAY_CONFIG}
 * @param file the file it was read from (where the SDK saves what it learns), or null for the environment
 */
public record ConfigSource(ClientConfig config, String origin, Path file) {

    /** @return the file it was read from, if any */
    public Optional<Path> fromFile() {
        return Optional.ofNullable(file);
    }
}
