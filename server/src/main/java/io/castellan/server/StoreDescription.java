package io.castellan.server;

import java.util.regex.Pattern;

/**
 * One-line, secret-free descriptions of the configured store for the startup banner and error messages: the SQLite
 * location, or the PostgreSQL host and database without user, password or any other URL parameter.
 */
final class StoreDescription {

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password|pwd|sslpassword)=[^&;\\s]*");

    private StoreDescription() {
    }

    static String describe(ServerConfig config) {
        return config.jdbcUrl()
                .map(StoreDescription::describePostgres)
                .orElseGet(() -> "sqlite " + config.storeConfig().sqliteFile().toAbsolutePath().normalize());
    }

    /** {@code postgresql HOST[:PORT][,HOST2...]/DATABASE}. */
    static String describePostgres(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:postgresql:".length());
        int query = indexOfAny(rest, "?;");
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (!rest.startsWith("//")) {
            return "postgresql localhost/" + rest; // jdbc:postgresql:database
        }
        rest = rest.substring(2);
        int at = rest.lastIndexOf('@'); // user:password@ is not pgjdbc syntax, but never print it if present
        if (at >= 0) {
            rest = rest.substring(at + 1);
        }
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : rest.substring(slash + 1);
        return "postgresql " + (hosts.isEmpty() ? "localhost" : hosts) + "/" + database;
    }

    /** {@code message} with the configured JDBC URL and any {@code password=} value removed. */
    static String redact(String message, ServerConfig config) {
        if (message == null) {
            return "";
        }
        String out = message;
        if (config.jdbcUrl().isPresent()) {
            out = out.replace(config.jdbcUrl().get(), describePostgres(config.jdbcUrl().get()));
        }
        return PASSWORD_PARAM.matcher(out).replaceAll("$1=****");
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
