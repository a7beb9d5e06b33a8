package io.castellan.server.scheduler;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A schedule that runs at one wall-clock time on the days a predicate accepts (daily, weekly, monthly, yearly, once).
 */
final class DateRule implements LocalRule {

    /** Far enough for any rule here to find its next day (a yearly rule on 29 February clamps to the 28th). */
    private static final int MAX_DAYS = 800;

    private final Predicate<LocalDate> days;
    private final LocalTime time;

    DateRule(Predicate<LocalDate> days, LocalTime time) {
        this.days = days;
        this.time = time;
    }

    @Override
    public Optional<LocalDateTime> nextAfter(LocalDateTime after) {
        LocalDate day = after.toLocalDate();
        if (!time.isAfter(after.toLocalTime())) {
            day = day.plusDays(1);
        }
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (days.test(day)) {
                return Optional.of(day.atTime(time));
            }
        }
        return Optional.empty();
    }
}
