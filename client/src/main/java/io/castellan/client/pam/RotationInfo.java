package io.castellan.client.pam;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.client.api.Wire;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rotation settings of one pamUser record as the server answers them; {@code settings} is still sealed under the
 * record key (open it with {@link SealedRotationSettings#open}). {@code gatewayUid} and {@code features} are present
 * only in {@code rotation_info}. {@code nextRunAt} is the scheduler's next run (empty: on demand, disabled, flagged,
 * or a run in progress); {@code flaggedAt} is set when scheduled runs stopped after repeated failures.
 */
public record RotationInfo(String recordUid, String resourceUid, String configUid, String rotationType,
        JsonNode schedule, boolean noop, boolean enabled, byte[] settings, String gatewayUid, List<String> features,
        Optional<Instant> nextRunAt, int consecutiveFailures, Optional<Instant> flaggedAt) {

    static RotationInfo of(JsonNode entry) {
        return new RotationInfo(Wire.text(entry, "recordUid"), Wire.text(entry, "resourceUid"),
                Wire.text(entry, "configUid"), Wire.text(entry, "rotationType"), entry.path("schedule"),
                Wire.bool(entry, "noop"), Wire.bool(entry, "enabled"), Wire.bytes(entry, "settings"),
                Wire.optText(entry, "gatewayUid"),
                entry.has("features") ? Wire.texts(entry, "features") : List.of(), instant(entry, "nextRunAt"),
                entry.path("consecutiveFailures").asInt(0), instant(entry, "flaggedAt"));
    }

    private static Optional<Instant> instant(JsonNode entry, String name) {
        JsonNode value = entry.path(name);
        return value.isIntegralNumber() ? Optional.of(Instant.ofEpochMilli(value.longValue())) : Optional.empty();
    }

    /** The schedule's type, or {@code ON_DEMAND} when there is none. */
    public String scheduleType() {
        return schedule == null || schedule.isNull() || schedule.isMissingNode() ? "ON_DEMAND"
                : schedule.path("type").asText("?");
    }
}
