package io.castellan.server.audit.sink;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of SIEM sink, by their wire names. */
public enum SinkType {
    SYSLOG_TCP("syslog-tcp"),
    SYSLOG_TLS("syslog-tls"),
    SYSLOG_UDP("syslog-udp"),
    WEBHOOK("webhook"),
    SPLUNK_HEC("splunk-hec"),
    FILE("file");

    private final String wireName;

    SinkType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean syslog() {
        return this == SYSLOG_TCP || this == SYSLOG_TLS || this == SYSLOG_UDP;
    }

    public static Optional<SinkType> of(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    /** The wire names, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(SinkType::wireName).collect(Collectors.joining(", "));
    }
}
