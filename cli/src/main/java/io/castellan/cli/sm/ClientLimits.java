package io.castellan.cli.sm;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The bounds of {@code client add}'s options, checked before anything is sent, each error naming its option.
 * Keeper's: the one-time token must be used within 1 to 1440 minutes (default 60); access may end later or never.
 */
final class ClientLimits {

    static final int FIRST_ACCESS_DEFAULT_MIN = 60;
    static final int FIRST_ACCESS_MAX_MIN = 1440;
    /** Ten years. */
    static final int ACCESS_MAX_MIN = 10 * 365 * 24 * 60;
    static final int COUNT_MAX = 100;

    private ClientLimits() {
    }

    /** @return when the unused one-time token stops working */
    static Instant firstAccessExpiresAt(int minutes, Clock clock) {
        if (minutes < 1 || minutes > FIRST_ACCESS_MAX_MIN) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "--first-access-expires-in-min must be between 1"
                    + " and " + FIRST_ACCESS_MAX_MIN + " minutes (24 hours); got " + minutes);
        }
        return clock.instant().plus(Duration.ofMinutes(minutes));
    }

    /** @return when the device stops working, or {@code null} for never */
    static Instant accessExpiresAt(Integer minutes, Clock clock) {
        if (minutes == null) {
            return null;
        }
        if (minutes < 1 || minutes > ACCESS_MAX_MIN) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "--access-expire-in-min must be between 1 and "
                    + ACCESS_MAX_MIN + " minutes (ten years); got " + minutes);
        }
        return clock.instant().plus(Duration.ofMinutes(minutes));
    }

    /** Checks {@code --count}. */
    static int count(int count) {
        if (count < 1 || count > COUNT_MAX) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "--count must be between 1 and " + COUNT_MAX
                    + "; got " + count);
        }
        return count;
    }
}
