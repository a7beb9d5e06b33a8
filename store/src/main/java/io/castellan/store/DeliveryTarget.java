package io.castellan.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A configured destination of audit events: an export sink ({@code audit_sinks}) or an alert rule
 * ({@code alert_rules}). {@code kind} is the sink type or the alert channel; {@code settingsJson} holds only
 * non-secret settings; {@code secretSealed} is the at-rest-key-sealed JSON of the secret settings, when there are any.
 * {@code eventTypes} and {@code filtersJson} are the rule's match (empty list and {@code {}} for a sink).
 */
public record DeliveryTarget(String name, String kind, String settingsJson, Optional<byte[]> secretSealed,
        List<String> eventTypes, String filtersJson, Instant createdAt) {

    public DeliveryTarget {
        eventTypes = List.copyOf(eventTypes);
    }

    /** The cursor key of a sink of this name. */
    public static String sinkCursor(String name) {
        return "sink:" + name;
    }

    /** The cursor key of an alert rule of this name. */
    public static String alertCursor(String name) {
        return "alert:" + name;
    }
}
