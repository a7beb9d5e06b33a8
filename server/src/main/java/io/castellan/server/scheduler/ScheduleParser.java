package io.castellan.server.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a schedule object into a {@link RotationPlan}. Entries (Keeper's names where Keeper has them): {@code type};
 * {@code time} or {@code utcTime} ({@code HH:mm[:ss]}); {@code tz} (an IANA zone; default UTC); {@code intervalCount}
 * (HOURLY: hours, DAILY: days); {@code minute} (HOURLY); {@code weekday} (one name, or several separated by commas);
 * {@code monthDay}; {@code occurrence} (FIRST..FOURTH, LAST); {@code month}; {@code date} (RUN_ONCE,
 * {@code yyyy-MM-dd}); {@code cron}; {@code jitterSeconds}.
 */
final class ScheduleParser {

    static final List<String> OCCURRENCES = List.of("FIRST", "SECOND", "THIRD", "FOURTH", "LAST");

    private final JsonNode schedule;
    private final String field;

    private ScheduleParser(JsonNode schedule, String field) {
        this.schedule = schedule;
        this.field = field;
    }

    static Optional<RotationPlan> parse(JsonNode schedule, String field) {
        if (schedule == null || !schedule.isObject()) {
            throw ScheduleErrors.invalid(field, "must be a JSON object with a \"type\"");
        }
        return new ScheduleParser(schedule, field).plan();
    }

    private Optional<RotationPlan> plan() {
        String type = text("type").orElseThrow(() -> invalid("type", "is required"));
        Duration jitter = Duration.ofSeconds(integer("jitterSeconds", 0, (int) RotationPlan.MAX_JITTER.toSeconds())
                .orElse(0));
        if (type.equals("ON_DEMAND")) {
            return Optional.empty();
        }
        if (type.equals("HOURLY")) {
            int hours = integer("intervalCount", 1, 24 * 31).orElse(1);
            int minute = integer("minute", 0, 59).orElse(0);
            return Optional.of(new RotationPlan(Duration.ofHours(hours), Duration.ofMinutes(minute), jitter));
        }
        ZoneId zone = zone();
        LocalRule rule = switch (type) {
            case "CRON" -> CronRule.parse(entry("cron"), text("cron").orElseThrow(() -> invalid("cron",
                    "is required for a CRON schedule")));
            case "RUN_ONCE" -> {
                LocalDate date = date();
                yield new DateRule(date::equals, time());
            }
            case "DAILY" -> {
                int every = integer("intervalCount", 1, 365).orElse(1);
                yield new DateRule(d -> d.toEpochDay() % every == 0, time());
            }
            case "WEEKLY" -> {
                Set<DayOfWeek> days = weekdays();
                yield new DateRule(d -> days.contains(d.getDayOfWeek()), time());
            }
            case "MONTHLY_BY_DAY" -> {
                int day = integer("monthDay", 1, 31).orElseThrow(() -> invalid("monthDay", "is required (1-31)"));
                yield new DateRule(d -> d.getDayOfMonth() == Math.min(day, d.lengthOfMonth()), time());
            }
            case "MONTHLY_BY_WEEKDAY" -> {
                DayOfWeek day = singleWeekday();
                String occurrence = text("occurrence").map(s -> s.toUpperCase(Locale.ROOT)).orElse("FIRST");
                if (!OCCURRENCES.contains(occurrence)) {
                    throw invalid("occurrence", "must be one of " + String.join(", ", OCCURRENCES));
                }
                yield new DateRule(d -> d.equals(d.with(occurrence.equals("LAST")
                        ? TemporalAdjusters.lastInMonth(day)
                        : TemporalAdjusters.dayOfWeekInMonth(OCCURRENCES.indexOf(occurrence) + 1, day))), time());
            }
            case "YEARLY" -> {
                Month month = month();
                int day = integer("monthDay", 1, month.maxLength())
                        .orElseThrow(() -> invalid("monthDay", "is required (1-" + month.maxLength() + ")"));
                yield new DateRule(d -> d.getMonth() == month && d.getDayOfMonth() == Math.min(day, d.lengthOfMonth()),
                        time());
            }
            default -> throw invalid("type", "must be one of ON_DEMAND, RUN_ONCE, HOURLY, DAILY, WEEKLY,"
                    + " MONTHLY_BY_DAY, MONTHLY_BY_WEEKDAY, YEARLY, CRON");
        };
        return Optional.of(new RotationPlan(rule, zone, jitter));
    }

    private ZoneId zone() {
        Optional<String> tz = text("tz");
        if (tz.isEmpty()) {
            return ZoneOffset.UTC;
        }
        if (schedule.has("utcTime") && !schedule.has("time")) {
            throw invalid("tz", "utcTime is in UTC; give \"time\" for a time in another zone");
        }
        try {
            return ZoneId.of(tz.get());
        } catch (DateTimeException e) {
            throw invalid("tz", "is not a time zone (use an IANA name such as Europe/Berlin)");
        }
    }

    private LocalTime time() {
        String name = schedule.has("time") ? "time" : "utcTime";
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return LocalTime.MIDNIGHT;
        }
        try {
            return LocalTime.parse(value.get());
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be a time of day as HH:mm or HH:mm:ss");
        }
    }

    private LocalDate date() {
        String value = text("date").orElseThrow(() -> invalid("date", "is required for RUN_ONCE (yyyy-MM-dd)"));
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid("date", "must be a date as yyyy-MM-dd");
        }
    }

    private Set<DayOfWeek> weekdays() {
        String value = text("weekday").orElseThrow(() -> invalid("weekday", "is required (e.g. MONDAY or"
                + " MONDAY,THURSDAY)"));
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String name : value.split(",", 8)) {
            days.add(weekday(name.trim()));
        }
        return days;
    }

    private DayOfWeek singleWeekday() {
        return weekday(text("weekday").orElseThrow(() -> invalid("weekday", "is required (e.g. MONDAY)")));
    }

    private DayOfWeek weekday(String name) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equalsIgnoreCase(name) || day.name().substring(0, 3).equalsIgnoreCase(name)) {
                return day;
            }
        }
        throw invalid("weekday", "\"" + printable(name) + "\" is not a day of the week");
    }

    private Month month() {
        JsonNode value = schedule.get("month");
        if (value != null && value.canConvertToInt() && value.isIntegralNumber()) {
            int m = value.intValue();
            if (m >= 1 && m <= 12) {
                return Month.of(m);
            }
        } else if (value != null && value.isTextual()) {
            for (Month month : Month.values()) {
                if (month.name().equalsIgnoreCase(value.textValue())
                        || month.name().substring(0, 3).equalsIgnoreCase(value.textValue())) {
                    return month;
                }
            }
        }
        throw invalid("month", "must be a month name or 1-12");
    }

    private Optional<String> text(String name) {
        JsonNode value = schedule.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(name, "must be a string");
        }
        return Optional.of(value.textValue());
    }

    private Optional<Integer> integer(String name, int min, int max) {
        JsonNode value = schedule.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        int n;
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            n = value.intValue();
        } else if (value.isTextual() && value.textValue().matches("[0-9]{1,9}")) {
            n = Integer.parseInt(value.textValue());
        } else {
            throw invalid(name, "must be a whole number from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw invalid(name, "must be from " + min + " to " + max);
        }
        return Optional.of(n);
    }

    private String entry(String name) {
        return field + "." + name;
    }

    private io.castellan.model.error.CastellanException invalid(String name, String message) {
        return ScheduleErrors.invalid(entry(name), message);
    }

    private static String printable(String s) {
        String cut = s.length() > 32 ? s.substring(0, 32) + "…" : s;
        return cut.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f) ? cut : "(unprintable)";
    }
}
