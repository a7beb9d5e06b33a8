package io.castellan.server.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.model.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed rotation schedule: when it next runs after a given instant, in its time zone.
 *
 * <p>Wall-clock schedules (DAILY, WEEKLY, MONTHLY_*, YEARLY, RUN_ONCE, CRON) are evaluated on the zone's local clock
 * and then resolved to an instant by these rules (docs/rotation.md, "Schedules"): a local time that falls in a
 * spring-forward gap runs at the instant it would have had, i.e. shifted later by the gap's length (02:30 in a gap
 * from 02:00 to 03:00 runs at 03:30); a local time that occurs twice in a fall-back repeat runs once, at its first
 * occurrence (the earlier offset). HOURLY counts elapsed hours and ignores the wall clock.
 */
public final class RotationPlan {

    /** The largest jitter window a schedule may ask for. */
    public static final Duration MAX_JITTER = Duration.ofHours(6);
    /** A bound on candidates a resolution may skip (a rule whose runs all fall in repeats would loop forever). */
    private static final int MAX_CANDIDATES = 10_000;

    private static final ObjectMapper JSON = Json.newMapper();

    private final LocalRule rule;
    private final ZoneId zone;
    private final Duration jitter;
    private final Optional<Duration> every;
    private final Duration offset;

    RotationPlan(LocalRule rule, ZoneId zone, Duration jitter) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.every = Optional.empty();
        this.offset = Duration.ZERO;
    }

    /** Every {@code every} of elapsed time, counted from the epoch plus {@code offset} (HOURLY). */
    RotationPlan(Duration every, Duration offset, Duration jitter) {
        this.rule = after -> Optional.empty();
        this.zone = ZoneOffset.UTC;
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.every = Optional.of(every);
        this.offset = offset;
    }

    /**
     * Parses a schedule (the JSON object {@code rotation_set} stores); {@code field} names it in errors.
     *
     * @return the plan; empty for {@code ON_DEMAND}
     * @throws io.castellan.model.error.CastellanException {@code validation_failed} naming the bad entry or cron field
     */
    public static Optional<RotationPlan> parse(JsonNode schedule, String field) {
        return ScheduleParser.parse(schedule, field);
    }

    /** {@link #parse(JsonNode, String)} of stored JSON. */
    public static Optional<RotationPlan> parse(String scheduleJson, String field) {
        JsonNode node;
        try {
            node = JSON.readTree(scheduleJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ScheduleErrors.invalid(field, "is not JSON");
        }
        return parse(node, field);
    }

    /** The zone the schedule's wall-clock times are in. */
    public ZoneId zone() {
        return zone;
    }

    /** The window a run may be delayed by at random (zero: none). */
    public Duration jitter() {
        return jitter;
    }

    /** @return the first run strictly after {@code after}; empty when the schedule has no further run */
    public Optional<Instant> nextAfter(Instant after) {
        if (every.isPresent()) {
            long period = every.get().toMillis();
            long shifted = after.toEpochMilli() - offset.toMillis();
            return Optional.of(Instant.ofEpochMilli(Math.floorDiv(shifted, period) * period + period
                    + offset.toMillis()));
        }
        LocalDateTime cursor = LocalDateTime.ofInstant(after, zone);
        for (int i = 0; i < MAX_CANDIDATES; i++) {
            Optional<LocalDateTime> candidate = rule.nextAfter(cursor);
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            // ofLocal with no preferred offset: a gap shifts later by its length, a repeat takes the earlier offset.
            Instant at = ZonedDateTime.ofLocal(candidate.get(), zone, null).toInstant();
            if (at.isAfter(after)) {
                return Optional.of(at);
            }
            cursor = candidate.get();
        }
        return Optional.empty();
    }
}
