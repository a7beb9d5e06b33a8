package io.castellan.server.pam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.json.Json;
import io.castellan.server.scheduler.RotationPlan;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rotation schedules as the client sends them (Commander's {@code --schedule-json}): a flat JSON object with a
 * {@code type} and scalar parameters ({@code utcTime}, {@code weekday}, {@code intervalCount}, {@code cron}, ...). The
 * scheduler interprets them ({@link RotationPlan}); here they are bounded, checked for shape and meaning (a bad cron
 * field, time or zone is named), and {@code ON_DEMAND} becomes "no schedule".
 */
final class Schedules {

    /** The schedule types (Keeper's names). */
    static final List<String> TYPES = List.of("ON_DEMAND", "RUN_ONCE", "HOURLY", "DAILY", "WEEKLY", "MONTHLY_BY_DAY",
            "MONTHLY_BY_WEEKDAY", "YEARLY", "CRON");
    static final int MAX_ENTRIES = 16;
    static final int MAX_CHARS = 1024;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = Json.newMapper();

    private Schedules() {
    }

    /**
     * The schedule in {@code field} as stored JSON; empty for an on-demand schedule.
     *
     * @throws io.castellan.model.error.CastellanException {@code validation_failed} naming what is wrong
     */
    static Optional<String> read(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (!(value instanceof ObjectNode schedule)) {
            throw PamFields.bad(field, "must be a JSON object with a \"type\"");
        }
        if (schedule.size() > MAX_ENTRIES) {
            throw PamFields.invalid(field, "has more than " + MAX_ENTRIES + " entries");
        }
        for (Map.Entry<String, JsonNode> e : schedule.properties()) {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw PamFields.invalid(field, "entry \"" + printable(e.getKey()) + "\" must be a string, number or"
                        + " boolean");
            }
        }
        JsonNode type = schedule.get("type");
        if (type == null || !type.isTextual() || !TYPES.contains(type.textValue())) {
            throw PamFields.invalid(field, "\"type\" must be one of " + String.join(", ", TYPES));
        }
        if (type.textValue().equals("CRON") && !(schedule.get("cron") instanceof JsonNode cron && cron.isTextual())) {
            throw PamFields.invalid(field, "a CRON schedule needs a \"cron\" string");
        }
        RotationPlan.parse(schedule, field); // the entries' meaning: times, zones, cron fields
        String json;
        try {
            json = JSON.writeValueAsString(schedule);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (json.length() > MAX_CHARS) {
            throw PamFields.invalid(field, "is longer than " + MAX_CHARS + " characters");
        }
        return type.textValue().equals("ON_DEMAND") ? Optional.empty() : Optional.of(json);
    }

    /** A stored schedule as a JSON node for a response (null: on demand). */
    static JsonNode node(Optional<String> stored) {
        if (stored.isEmpty()) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
        try {
            return JSON.readTree(stored.get());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key for a message: at most 32 printable characters. */
    static String printable(String key) {
        String cut = key.length() > 32 ? key.substring(0, 32) + "…" : key;
        return cut.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f) ? cut : "(unprintable)";
    }
}
