package io.castellan.server.audit.sink;

import io.castellan.server.audit.AuditJson;
import io.castellan.store.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Audit events as RFC 5424 syslog messages:
 * {@code <PRI>1 TIMESTAMP HOSTNAME castellan - EVENTTYPE [castellan@32473 seq="..." ...] {event JSON}}.
 * The structured data carries the fields SIEM rules match on; the message is the event's JSON (the shape of
 * {@code audit export}). Severity follows the result: success 6 (informational), failure 5 (notice), denied 4
 * (warning).
 */
public final class SyslogFormat {

    /** The facility unless the sink names one. */
    public static final String DEFAULT_FACILITY = "local0";
    /** The SD-ID: "castellan" under the private enterprise number the reference uses for examples. */
    public static final String SD_ID = "castellan@32473";
    /** The largest UDP datagram sent; longer messages are cut at a character boundary (RFC 5426 advises 2048). */
    public static final int MAX_UDP_BYTES = 2048;

    private static final Map<String, Integer> FACILITIES = facilities();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_INSTANT;

    private SyslogFormat() {
    }

    public static Optional<Integer> facilityCode(String name) {
        return Optional.ofNullable(FACILITIES.get(name));
    }

    public static String facilityNames() {
        return String.join(", ", FACILITIES.keySet());
    }

    /** The message of {@code event} for a sink of {@code facility}, sent from {@code hostname}. */
    public static String message(AuditEvent event, String facility, String hostname) {
        var e = event.event();
        int pri = facilityCode(facility).orElseThrow() * 8 + severity(e.result());
        StringBuilder m = new StringBuilder(512).append('<').append(pri).append(">1 ")
                .append(TIMESTAMP.format(e.occurredAt())).append(' ').append(printable(hostname, 255)).append(' ')
                .append("castellan - ").append(printable(e.eventType(), 32)).append(" [").append(SD_ID);
        param(m, "seq", Long.toString(event.seq()));
        param(m, "eventUid", e.eventUid());
        param(m, "actor", e.actor());
        e.sourceIp().ifPresent(ip -> param(m, "sourceIp", ip));
        param(m, "subjects", String.join(",", e.subjectUids()));
        param(m, "result", e.result());
        return m.append("] ").append(AuditJson.event(event).toString()).toString();
    }

    /** RFC 5424 severities by result. */
    static int severity(String result) {
        return switch (result) {
            case "success" -> 6;
            case "failure" -> 5;
            default -> 4;
        };
    }

    private static void param(StringBuilder m, String name, String value) {
        m.append(' ').append(name).append("=\"").append(escape(value)).append('"');
    }

    /** PARAM-VALUE escaping (RFC 5424 6.3.3): {@code "}, {@code \} and {@code ]} get a backslash. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** A header field: printable US-ASCII only (RFC 5424 PRINTUSASCII), at most {@code max}, "-" when empty. */
    static String printable(String value, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(c >= 33 && c <= 126 ? c : '_');
        }
        return out.isEmpty() ? "-" : out.toString();
    }

    /** The UTF-8 bytes of {@code message}, cut to at most {@code max} bytes without splitting a character. */
    static byte[] truncated(String message, int max) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= max) {
            return bytes;
        }
        int end = max;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // bytes[end] continues a character that started before it: cut before that character
        }
        return java.util.Arrays.copyOf(bytes, end);
    }

    private static Map<String, Integer> facilities() {
        Map<String, Integer> f = new LinkedHashMap<>();
        String[] names = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
            "authpriv", "ftp", "ntp", "security", "console", "solaris-cron"};
        for (int i = 0; i < names.length; i++) {
            f.put(names[i], i);
        }
        for (int i = 0; i < 8; i++) {
            f.put("local" + i, 16 + i);
        }
        return java.util.Collections.unmodifiableMap(f);
    }
}
