package io.castellan.server.scheduler;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * A cron expression on the wall clock: Quartz style with 6 or 7 fields ({@code second minute hour day-of-month month
 * day-of-week [year]}, as Keeper Commander's {@code --schedulecron} takes, e.g. {@code 0 56 17 * * ?}) or crontab
 * style with 5 ({@code minute hour day-of-month month day-of-week}). cron-utils parses and evaluates it; when it
 * refuses an expression, the field to blame is found by replacing one field at a time with a wildcard, so the error
 * names it.
 */
final class CronRule implements LocalRule {

    static final int MAX_CHARS = 128;
    static final List<String> QUARTZ_FIELDS = List.of("second", "minute", "hour", "day-of-month", "month",
            "day-of-week", "year");
    static final List<String> UNIX_FIELDS = List.of("minute", "hour", "day-of-month", "month", "day-of-week");

    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final ExecutionTime execution;
    private final String expression;

    private CronRule(Cron cron) {
        this.execution = ExecutionTime.forCron(cron);
        this.expression = cron.asString();
    }

    /**
     * Parses an expression; {@code entry} names the schedule entry in errors.
     *
     * @throws io.castellan.model.error.CastellanException {@code validation_failed} naming the bad field
     */
    static CronRule parse(String entry, String expression) {
        if (expression.length() > MAX_CHARS || !expression.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw ScheduleErrors.invalid(entry, "a cron expression is at most " + MAX_CHARS
                    + " printable ASCII characters");
        }
        String[] fields = expression.trim().split("\\s+");
        CronParser parser = switch (fields.length) {
            case 5 -> UNIX;
            case 6, 7 -> QUARTZ;
            default -> throw ScheduleErrors.invalid(entry, "a cron expression has 5 fields (minute hour day-of-month"
                    + " month day-of-week) or, Quartz style, 6 or 7 (second minute hour day-of-month month day-of-week"
                    + " [year]); this one has " + (expression.isBlank() ? 0 : fields.length));
        };
        try {
            Cron cron = parser.parse(String.join(" ", fields));
            cron.validate();
            return new CronRule(cron);
        } catch (IllegalArgumentException e) {
            throw ScheduleErrors.invalid(entry, blame(parser, fields) + " (" + reason(e) + ")");
        }
    }

    /** The normalised expression. */
    String expression() {
        return expression;
    }

    @Override
    public Optional<LocalDateTime> nextAfter(LocalDateTime after) {
        // The wall clock evaluated as if it were UTC: cron-utils sees no gaps or repeats, RotationPlan resolves them.
        return execution.nextExecution(after.atZone(ZoneOffset.UTC)).map(z -> z.toLocalDateTime());
    }

    /** Which field makes the expression invalid: the first whose replacement by a wildcard makes it parse. */
    private static String blame(CronParser parser, String[] fields) {
        List<String> names = fields.length == 5 ? UNIX_FIELDS : QUARTZ_FIELDS;
        for (int i = 0; i < fields.length; i++) {
            for (String wildcard : List.of("*", "?")) {
                String[] probe = fields.clone();
                probe[i] = wildcard;
                if (parses(parser, probe)) {
                    return "field " + (i + 1) + " (" + names.get(i) + ") \"" + fields[i] + "\" is invalid";
                }
            }
        }
        return "the expression is invalid";
    }

    private static boolean parses(CronParser parser, String[] fields) {
        try {
            parser.parse(String.join(" ", fields)).validate();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** cron-utils' own words, bounded (they quote only the expression, which is not secret). */
    private static String reason(IllegalArgumentException e) {
        String message = e.getMessage() == null ? "not a valid cron expression" : e.getMessage();
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }
}
