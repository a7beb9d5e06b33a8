package io.castellan.server;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The address the HTTPS listener binds to, parsed from {@code HOST:PORT} or {@code [IPV6]:PORT}.
 *
 * <p>IPv6 literals must be bracketed so that the last colon unambiguously separates the port. Port {@code 0} asks
 * the operating system for an ephemeral port (used by tests).
 *
 * @param host a host name, an IPv4 literal or an IPv6 literal without brackets
 * @param port 0..65535
 */
public record ListenAddress(String host, int port) {

    /** The option name used in validation messages. */
    static final String SETTING = "listen";

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

    public ListenAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(SETTING + ": host must not be empty");
        }
        if (!isIpv6Literal(host) && !HOST_NAME.matcher(host).matches()) {
            throw new IllegalArgumentException(SETTING + ": '" + host + "' is not a valid host name or address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(SETTING + ": port must be between 0 and 65535, was " + port);
        }
    }

    /**
     * Parses {@code HOST:PORT}, {@code [IPV6]:PORT}.
     *
     * @throws IllegalArgumentException naming the {@code listen} setting and what is wrong with the value
     */
    public static ListenAddress parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(SETTING + ": value is empty; expected HOST:PORT, e.g. 127.0.0.1:8443");
        }
        String v = value.strip();
        String host;
        String portText;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0 || close + 1 >= v.length() || v.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(SETTING + ": '" + v + "' must look like [IPV6]:PORT, e.g. [::1]:8443");
            }
            host = v.substring(1, close);
            portText = v.substring(close + 2);
            if (!isIpv6Literal(host)) {
                throw new IllegalArgumentException(SETTING + ": '" + host + "' inside brackets is not an IPv6 address");
            }
        } else {
            int colon = v.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(SETTING + ": '" + v + "' has no port; expected HOST:PORT, e.g. 127.0.0.1:8443");
            }
            host = v.substring(0, colon);
            portText = v.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException(SETTING + ": IPv6 address in '" + v + "' must be in brackets, e.g. [::1]:8443");
            }
        }
        return new ListenAddress(host, parsePort(portText, v));
    }

    private static int parsePort(String portText, String whole) {
        if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(SETTING + ": port in '" + whole + "' must be a number between 0 and 65535");
        }
        return Integer.parseInt(portText);
    }

    private static boolean isIpv6Literal(String host) {
        return host.indexOf(':') >= 0 && IPV6.matcher(host).matches();
    }

    /** True when {@link #host()} is an IPv6 literal. */
    public boolean isIpv6() {
        return isIpv6Literal(host);
    }

    /** True for the wildcard addresses that bind every interface. */
    public boolean isWildcard() {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    /** The host as it appears in a URL: IPv6 literals in brackets, names lower-cased. */
    public String hostForUrl() {
        return isIpv6() ? "[" + host + "]" : host.toLowerCase(Locale.ROOT);
    }

    /** {@code HOST:PORT} with IPv6 bracketed; {@link #parse} accepts it back. */
    @Override
    public String toString() {
        return hostForUrl() + ":" + port;
    }
}
