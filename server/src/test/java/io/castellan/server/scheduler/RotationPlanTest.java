package io.castellan.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Next runs of every schedule type, in time zones, across daylight-saving changes (docs/rotation.md, Schedules). */
class RotationPlanTest {

    private static RotationPlan plan(String json) {
        return RotationPlan.parse(json, "schedule").orElseThrow();
    }

    private static Instant next(String json, String after) {
        return plan(json).nextAfter(Instant.parse(after)).orElseThrow();
    }

    private static List<Instant> runs(String json, String after, int n) {
        RotationPlan plan = plan(json);
        List<Instant> runs = new ArrayList<>();
        Instant at = Instant.parse(after);
        for (int i = 0; i < n; i++) {
            at = plan.nextAfter(at).orElseThrow();
            runs.add(at);
        }
        return runs;
    }

    private static void assertInvalid(String json, String field, String words) {
        assertThatThrownBy(() -> RotationPlan.parse(json, "schedule"))
                .isInstanceOfSatisfying(CastellanException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.getMessage()).startsWith(field + ":").contains(words);
                });
    }

    @Test
    void onDemandHasNoPlan() {
        assertThat(RotationPlan.parse("{\"type\":\"ON_DEMAND\"}", "schedule")).isEmpty();
    }

    @Test
    void dailyRunsAtTheTimeInItsZone() {
        assertThat(next("{\"type\":\"DAILY\",\"utcTime\":\"03:00\"}", "2026-03-01T02:59:59Z"))
                .isEqualTo("2026-03-01T03:00:00Z");
        assertThat(next("{\"type\":\"DAILY\",\"utcTime\":\"03:00\"}", "2026-03-01T03:00:00Z"))
                .as("strictly after").isEqualTo("2026-03-02T03:00:00Z");
        assertThat(next("{\"type\":\"DAILY\",\"time\":\"09:30\",\"tz\":\"Asia/Tokyo\"}", "2026-03-01T00:00:00Z"))
                .isEqualTo("2026-03-01T00:30:00Z");
        List<Instant> everyThird = runs("{\"type\":\"DAILY\",\"time\":\"00:00\",\"intervalCount\":3}",
                "2026-01-01T00:00:00Z", 3);
        assertThat(Duration.between(everyThird.get(0), everyThird.get(1))).isEqualTo(Duration.ofDays(3));
        assertThat(Duration.between(everyThird.get(1), everyThird.get(2))).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void hourlyCountsElapsedHours() {
        assertThat(runs("{\"type\":\"HOURLY\",\"intervalCount\":6,\"minute\":15}", "2026-11-01T05:00:00Z", 3))
                .containsExactly(Instant.parse("2026-11-01T06:15:00Z"), Instant.parse("2026-11-01T12:15:00Z"),
                        Instant.parse("2026-11-01T18:15:00Z"));
    }

    @Test
    void weeklyMonthlyYearlyAndOnce() {
        // 2026-03-02 is a Monday.
        assertThat(runs("{\"type\":\"WEEKLY\",\"weekday\":\"MONDAY,thu\",\"utcTime\":\"12:00\"}",
                "2026-03-02T12:00:00Z", 3)).containsExactly(Instant.parse("2026-03-05T12:00:00Z"),
                Instant.parse("2026-03-09T12:00:00Z"), Instant.parse("2026-03-12T12:00:00Z"));
        assertThat(runs("{\"type\":\"MONTHLY_BY_DAY\",\"monthDay\":31,\"utcTime\":\"01:00\"}",
                "2026-01-31T02:00:00Z", 2)).as("a month without the day runs on its last day")
                .containsExactly(Instant.parse("2026-02-28T01:00:00Z"), Instant.parse("2026-03-31T01:00:00Z"));
        assertThat(next("{\"type\":\"MONTHLY_BY_WEEKDAY\",\"weekday\":\"FRIDAY\",\"occurrence\":\"LAST\"}",
                "2026-03-01T00:00:00Z")).isEqualTo("2026-03-27T00:00:00Z");
        assertThat(next("{\"type\":\"MONTHLY_BY_WEEKDAY\",\"weekday\":\"TUESDAY\",\"occurrence\":\"SECOND\"}",
                "2026-03-01T00:00:00Z")).isEqualTo("2026-03-10T00:00:00Z");
        assertThat(next("{\"type\":\"YEARLY\",\"month\":\"FEBRUARY\",\"monthDay\":29,\"utcTime\":\"06:00\"}",
                "2026-03-01T00:00:00Z")).isEqualTo("2027-02-28T06:00:00Z");
        RotationPlan once = plan("{\"type\":\"RUN_ONCE\",\"date\":\"2026-12-24\",\"utcTime\":\"18:00\"}");
        assertThat(once.nextAfter(Instant.parse("2026-12-01T00:00:00Z"))).contains(Instant.parse(
                "2026-12-24T18:00:00Z"));
        assertThat(once.nextAfter(Instant.parse("2026-12-24T18:00:00Z"))).isEmpty();
    }

    @Test
    void aTimeInTheSpringForwardGapRunsShiftedByTheGap() {
        // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist that day.
        String daily = "{\"type\":\"DAILY\",\"time\":\"02:30\",\"tz\":\"America/New_York\"}";
        assertThat(runs(daily, "2026-03-07T08:00:00Z", 3)).containsExactly(
                Instant.parse("2026-03-08T07:30:00Z"),
                Instant.parse("2026-03-09T06:30:00Z"),
                Instant.parse("2026-03-10T06:30:00Z"));
        // 2026-03-08T07:30Z is 03:30 EDT: the gap's 02:30 shifted by one hour; then 02:30 EDT = 06:30Z daily.
        assertThat(Instant.parse("2026-03-08T07:30:00Z").atZone(ZoneId.of("America/New_York")).toLocalTime())
                .hasToString("03:30");
        String cron = "{\"type\":\"CRON\",\"cron\":\"0 30 2 * * ?\",\"tz\":\"America/New_York\"}";
        assertThat(next(cron, "2026-03-07T08:00:00Z")).as("cron follows the same rule")
                .isEqualTo("2026-03-08T07:30:00Z");
    }

    @Test
    void aTimeInTheFallBackRepeatRunsOnceAtItsFirstOccurrence() {
        // New York, 2026-11-01: 02:00 EDT falls back to 01:00 EST; 01:30 happens twice (05:30Z and 06:30Z).
        String daily = "{\"type\":\"DAILY\",\"time\":\"01:30\",\"tz\":\"America/New_York\"}";
        assertThat(runs(daily, "2026-10-31T12:00:00Z", 2)).containsExactly(
                Instant.parse("2026-11-01T05:30:00Z"), Instant.parse("2026-11-02T06:30:00Z"));
        assertThat(next(daily, "2026-11-01T06:00:00Z")).as("asked during the repeat, the second 01:30 is skipped")
                .isEqualTo("2026-11-02T06:30:00Z");
        String halfHourly = "{\"type\":\"CRON\",\"cron\":\"*/30 * * * *\",\"tz\":\"America/New_York\"}";
        assertThat(runs(halfHourly, "2026-11-01T05:00:00Z", 4)).containsExactly(
                Instant.parse("2026-11-01T05:30:00Z"), // 01:30 EDT
                Instant.parse("2026-11-01T07:00:00Z"), // 02:00 EST: the repeated 01:00 and 01:30 EST do not run
                Instant.parse("2026-11-01T07:30:00Z"),
                Instant.parse("2026-11-01T08:00:00Z"));
    }

    @Test
    void quartzAndCrontabExpressions() {
        assertThat(next("{\"type\":\"CRON\",\"cron\":\"0 56 17 * * ?\"}", "2026-03-01T18:00:00Z"))
                .isEqualTo("2026-03-02T17:56:00Z");
        assertThat(next("{\"type\":\"CRON\",\"cron\":\"0 0 12 ? * MON-FRI 2027\"}", "2026-03-01T00:00:00Z"))
                .isEqualTo("2027-01-01T12:00:00Z");
        assertThat(next("{\"type\":\"CRON\",\"cron\":\"15 4 * * 0\",\"tz\":\"Europe/Berlin\"}",
                "2026-03-02T00:00:00Z")).isEqualTo("2026-03-08T03:15:00Z");
    }

    @Test
    void anInvalidCronExpressionNamesTheField() {
        assertInvalid("{\"type\":\"CRON\",\"cron\":\"0 61 17 * * ?\"}", "schedule.cron", "field 2 (minute) \"61\"");
        assertInvalid("{\"type\":\"CRON\",\"cron\":\"0 0 25 * * ?\"}", "schedule.cron", "field 3 (hour) \"25\"");
        assertInvalid("{\"type\":\"CRON\",\"cron\":\"0 0 1 * FOO ?\"}", "schedule.cron", "(month) \"FOO\"");
        assertInvalid("{\"type\":\"CRON\",\"cron\":\"0 0 * * 8\"}", "schedule.cron", "field 5 (day-of-week) \"8\"");
        assertInvalid("{\"type\":\"CRON\",\"cron\":\"0 0 1 32 * ?\"}", "schedule.cron", "(day-of-month) \"32\"");
        assertInvalid("{\"type\":\"CRON\",\"cron\":\"0 0 1 *\"}", "schedule.cron", "this one has 4");
        assertInvalid("{\"type\":\"CRON\",\"cron\":\"0 0 1 * * ? 2030 x\"}", "schedule.cron", "this one has 8");
        assertInvalid("{\"type\":\"CRON\"}", "schedule.cron", "is required");
    }

    @Test
    void badEntriesAreNamed() {
        assertInvalid("{\"type\":\"DAILY\",\"time\":\"25:00\"}", "schedule.time", "HH:mm");
        assertInvalid("{\"type\":\"DAILY\",\"time\":\"03:00\",\"tz\":\"Mars/Base\"}", "schedule.tz", "IANA");
        assertInvalid("{\"type\":\"WEEKLY\",\"weekday\":\"FUNDAY\"}", "schedule.weekday", "FUNDAY");
        assertInvalid("{\"type\":\"MONTHLY_BY_DAY\",\"monthDay\":0}", "schedule.monthDay", "from 1 to 31");
        assertInvalid("{\"type\":\"HOURLY\",\"intervalCount\":\"x\"}", "schedule.intervalCount", "whole number");
        assertInvalid("{\"type\":\"DAILY\",\"jitterSeconds\":99999}", "schedule.jitterSeconds", "from 0 to 21600");
        assertInvalid("{\"type\":\"FORTNIGHTLY\"}", "schedule.type", "must be one of");
        assertThat(plan("{\"type\":\"DAILY\",\"jitterSeconds\":300}").jitter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(RotationPlan.parse("{\"type\":\"DAILY\"}", "schedule").map(RotationPlan::jitter))
                .isEqualTo(Optional.of(Duration.ZERO));
    }
}
