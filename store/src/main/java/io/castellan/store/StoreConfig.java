package io.castellan.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the store lives: an embedded SQLite file inside {@code dataDir}, or the PostgreSQL database named by
 * {@code jdbcUrl} when one is given.
 *
 * @param dataDir the server's data directory (always required: TLS material and keys live there too)
 * @param jdbcUrl a {@code jdbc:postgresql:} URL, or empty for embedded SQLite
 */
public record StoreConfig(Path dataDir, Optional<String> jdbcUrl) {

    public StoreConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("store: dataDir is required");
        }
        jdbcUrl = jdbcUrl == null ? Optional.empty() : jdbcUrl.filter(u -> !u.isBlank());
    }

    public static StoreConfig embedded(Path dataDir) {
        return new StoreConfig(dataDir, Optional.empty());
    }

    public static StoreConfig of(Path dataDir, String jdbcUrlOrNull) {
        return new StoreConfig(dataDir, Optional.ofNullable(jdbcUrlOrNull));
    }
}
