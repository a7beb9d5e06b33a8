package io.castellan.cli.vault;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a share ends: {@code --expire-in 30m|1h|2d|1w} (Commander also writes minutes as {@code mi}) or
 * {@code --expire-at} an ISO-8601 time ({@code 2030-01-31T18:00:00Z}, with an offset, or local date-time / date in
 * the user's time zone). At most ten years ahead, never in the past.
 */
final class Expiry {

    static final Duration MAX = Duration.ofDays(3650);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,7})\\s*(m|mi|min|h|d|w)");

    private Expiry() {
    }

    /**
     * @param expireIn the {@code --expire-in} text, or {@code null}
     * @param expireAt the {@code --expire-at} text, or {@code null}
     * @param clock now
     * @param zone the user's time zone, for times without an offset
     * @return the expiry instant, or {@code null} when neither is given
     */
    static Instant parse(String expireIn, String expireAt, Clock clock, ZoneId zone) {
        if (expireIn != null && expireAt != null) {
            throw bad("use either --expire-in or --expire-at, not both");
        }
        Instant now = clock.instant();
        Instant at;
        if (expireIn != null) {
            at = now.plus(duration(expireIn));
        } else if (expireAt != null) {
            at = instant(expireAt, zone);
            if (!at.isAfter(now)) {
                throw bad("--expire-at " + expireAt + " is not in the future");
            }
        } else {
            return null;
        }
        if (at.isAfter(now.plus(MAX))) {
            throw bad("a share can expire at most 10 years ahead");
        }
        return at;
    }

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw bad("--expire-in must look like 30m, 1h, 2d or 1w");
        }
        long n = Long.parseLong(m.group(1));
        if (n == 0) {
            throw bad("--expire-in must be more than zero");
        }
        return switch (m.group(2)) {
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofMinutes(n);
        };
    }

    static Instant instant(String text, ZoneId zone) {
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // not with an offset; try the local forms
        }
        try {
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // not a local date-time
        }
        try {
            return LocalDate.parse(t).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw bad("--expire-at must be an ISO-8601 time such as 2030-01-31T18:00:00Z");
        }
    }

    private static CastellanException bad(String message) {
        return new CastellanException(ErrorCode.BAD_REQUEST, message);
    }
}
