package io.castellan.testkit;

/** Small, dependency-free edits of PostgreSQL JDBC URLs for tests. */
public final class JdbcUrls {

    private JdbcUrls() {
    }

    /** Replaces the database path of {@code jdbc:postgresql://host:port/db?params} with {@code database}. */
    public static String withDatabase(String url, String database) {
        int hostStart = url.indexOf("//");
        if (!url.startsWith("jdbc:postgresql:") || hostStart < 0) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host/db URL: " + withoutSecrets(url));
        }
        int pathStart = url.indexOf('/', hostStart + 2);
        int query = url.indexOf('?');
        String params = query < 0 ? "" : url.substring(query);
        String hostPart = pathStart < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, pathStart);
        return hostPart + "/" + database + params;
    }

    /** The URL with any {@code password=} value masked, for messages. */
    public static String withoutSecrets(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
