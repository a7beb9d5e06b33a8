package io.castellan.server.audit.alert;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where an alert rule sends its messages. {@code log}: an {@code ALERT} line in the server log only. */
public enum AlertChannelType {
    LOG("log"),
    WEBHOOK("webhook"),
    SLACK("slack"),
    TEAMS("teams"),
    EMAIL("email");

    private final String wireName;

    AlertChannelType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<AlertChannelType> of(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(AlertChannelType::wireName).collect(Collectors.joining(", "));
    }
}
