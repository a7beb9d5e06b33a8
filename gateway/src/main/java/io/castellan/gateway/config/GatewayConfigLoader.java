package io.castellan.gateway.config;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.sdk.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the gateway's configuration, in this order: the {@code --config-file} given, else the {@value #ENV}
 * environment variable (base64 or JSON, the container form), else the default file of {@link GatewayPaths}. A file
 * must be private to its owner ({@link ConfigFilePermissions}). Errors name the source and the problem, never the
 * content.
 */
public final class GatewayConfigLoader {

    /** The environment variable containers pass the configuration in. */
    public static final String ENV = "GATEWAY_CONFIG";

    private final Map<String, String> environment;
    private final GatewayPaths paths;

    /**
     * @param environment the process environment (tests pass their own)
     * @param paths the default places
     */
    public GatewayConfigLoader(Map<String, String> environment, GatewayPaths paths) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.paths = Objects.requireNonNull(paths, "paths");
    }

    /**
     * @param configFile the {@code --config-file} option, or null
     * @return the configuration and its origin
     * @throws CastellanException {@code BAD_REQUEST} when there is none, it cannot be read or parsed, or the file
     *     is accessible to others
     */
    public ConfigSource load(Path configFile) {
        if (configFile != null) {
            return fromFile(configFile);
        }
        String env = environment.get(ENV);
        if (env != null && !env.isBlank()) {
            return new ConfigSource(ConfigSources.fromEnvironment(ENV, environment), "environment " + ENV,
                    null);
        }
        Path fallback = paths.configFile();
        if (!Files.exists(fallback)) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "no gateway configuration: " + fallback
                    + " does not exist and " + ENV + " is not set; create it with 'castellan-gateway ott-init TOKEN"
                    + " --config-file " + fallback + "' or pass --config-file");
        }
        return fromFile(fallback);
    }

    private static ConfigSource fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "the configuration file " + file
                    + (Files.exists(file) ? " is not a regular file" : " does not exist"));
        }
        ConfigFilePermissions.requireOwnerOnly(file);
        return new ConfigSource(ConfigSources.fromFile(file), "file " + file.toAbsolutePath(), file);
    }
}
