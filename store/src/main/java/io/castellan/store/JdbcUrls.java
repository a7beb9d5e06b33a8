package io.castellan.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Helpers that keep passwords out of messages: a JDBC URL may carry {@code password=} (or {@code sslpassword=}), and
 * a driver message may echo the URL. Everything the store puts into an exception message or a log line about a
 * connection goes through {@link #scrub(String, String)} first.
 */
final class JdbcUrls {

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;\\s]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*):[^@/\\s]*@");
    private static final String MASK = "***";

    private JdbcUrls() {
    }

    /**
     * Removes password parameters and {@code user:password@} user-info from {@code text}, and every occurrence of
     * the password value carried by {@code url} (if any).
     */
    static String scrub(String text, String url) {
        if (text == null) {
            return null;
        }
        String out = text;
        String password = passwordOf(url);
        if (password != null && !password.isEmpty()) {
            out = out.replace(password, MASK);
        }
        out = PASSWORD_PARAM.matcher(out).replaceAll("$1" + MASK);
        return USER_INFO.matcher(out).replaceAll("$1:" + MASK + "@");
    }

    /** The value of the URL's {@code password=} parameter, or {@code null}. */
    static String passwordOf(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = Pattern.compile("(?i)[?&;]password=([^&;\\s]*)").matcher(url);
        return m.find() ? m.group(1) : null;
    }

    /**
     * A human-readable "host:port/database" for a {@code jdbc:postgresql:} URL, without user or password; good for
     * messages such as "cannot reach PostgreSQL at 10.0.0.5:5432/castellan".
     */
    static String describePostgres(String url) {
        String rest = url.substring("jdbc:postgresql:".length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (!rest.startsWith("//")) {
            return "localhost:5432/" + rest;
        }
        rest = rest.substring(2);
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            rest = rest.substring(at + 1);
        }
        int slash = rest.indexOf('/');
        String hosts = slash >= 0 ? rest.substring(0, slash) : rest;
        String database = slash >= 0 ? rest.substring(slash) : "/";
        if (hosts.isEmpty()) {
            hosts = "localhost";
        }
        if (!hosts.contains(":") && !hosts.contains(",")) {
            hosts = hosts + ":5432";
        }
        return scrub(hosts + database, url);
    }
}
