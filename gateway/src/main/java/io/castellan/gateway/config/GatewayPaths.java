package io.castellan.gateway.config;

import java.nio.file.Path;

/**
 * Where the gateway keeps its configuration and logs: under the user's home ({@code ~/.castellan/}) when run by
 * hand, under {@code /etc/castellan-gateway/} and {@code /var/log/castellan-gateway/} when run as a service
 * ({@code --service}, what the systemd unit passes).
 *
 * @param configFile the default configuration file
 * @param logDirectory the default log directory
 */
public record GatewayPaths(Path configFile, Path logDirectory) {

    /** The configuration file's name in either place. */
    public static final String CONFIG_FILE_NAME = "gateway-config.json";
    /** The service's configuration directory. */
    public static final Path SERVICE_CONFIG_DIR = Path.of("/etc/castellan-gateway");
    /** The service's log directory. */
    public static final Path SERVICE_LOG_DIR = Path.of("/var/log/castellan-gateway");

    /**
     * @param service whether the gateway runs as a system service
     * @param home the user's home directory (ignored for a service)
     * @return the paths
     */
    public static GatewayPaths of(boolean service, Path home) {
        if (service) {
            return new GatewayPaths(SERVICE_CONFIG_DIR.resolve(CONFIG_FILE_NAME), SERVICE_LOG_DIR);
        }
        Path base = home.resolve(".castellan");
        return new GatewayPaths(base.resolve(CONFIG_FILE_NAME), base.resolve("logs"));
    }

    /** @return the paths for this process ({@code user.home}) */
    public static GatewayPaths forProcess(boolean service) {
        return of(service, Path.of(System.getProperty("user.home")));
    }
}
