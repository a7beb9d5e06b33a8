package io.castellan.store;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the store lives: an embedded SQLite file inside {@code dataDir}, or the PostgreSQL database named by
 * {@code jdbcUrl} when one is given.
 *
 * <p>{@link #toString()} never shows the URL's password, so a config can be logged.
 *
 * @param dataDir the server's data directory (always required: TLS material and keys live there too)
 * @param jdbcUrl a {@code jdbc:postgresql:} URL, or empty for embedded SQLite
 */
public record StoreConfig(Path dataDir, Optional<String> jdbcUrl) {

    /** The only JDBC URL scheme the store accepts; SQLite is chosen by leaving the URL empty. */
    static final String POSTGRES_PREFIX = "jdbc:postgresql:";

    public StoreConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("store: dataDir is required");
        }
        jdbcUrl = jdbcUrl == null ? Optional.empty() : jdbcUrl.map(String::strip).filter(u -> !u.isEmpty());
        if (jdbcUrl.isPresent() && !jdbcUrl.get().startsWith(POSTGRES_PREFIX)) {
            throw new IllegalArgumentException("store: unsupported database URL scheme '" + schemeOf(jdbcUrl.get())
                    + "'; give a jdbc:postgresql://host:port/database URL, or no URL to use the embedded SQLite"
                    + " database in the data directory");
        }
    }

    public static StoreConfig embedded(Path dataDir) {
        return new StoreConfig(dataDir, Optional.empty());
    }

    public static StoreConfig of(Path dataDir, String jdbcUrlOrNull) {
        return new StoreConfig(dataDir, Optional.ofNullable(jdbcUrlOrNull));
    }

    /** The SQLite database file used when no JDBC URL is given. */
    public Path sqliteFile() {
        return dataDir.resolve("castellan.db");
    }

    /** "jdbc:mysql:" for "jdbc:mysql://h/db": enough to say what was given without echoing credentials. */
    private static String schemeOf(String url) {
        Matcher m = Pattern.compile("^(jdbc:)?[A-Za-z0-9+.-]+:").matcher(url);
        return m.find() ? m.group() : "(none)";
    }

    @Override
    public String toString() {
        return "StoreConfig[dataDir=" + dataDir + ", jdbcUrl="
                + jdbcUrl.map(u -> JdbcUrls.scrub(u, u)).orElse("(embedded SQLite)") + "]";
    }
}
