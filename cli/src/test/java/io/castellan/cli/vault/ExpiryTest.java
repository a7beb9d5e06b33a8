package io.castellan.cli.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void durations() {
        assertThat(Expiry.parse("1h", null, CLOCK, PARIS)).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(Expiry.parse("30m", null, CLOCK, PARIS)).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(Expiry.parse("30mi", null, CLOCK, PARIS)).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(Expiry.parse("2d", null, CLOCK, PARIS)).isEqualTo(NOW.plus(Duration.ofDays(2)));
        assertThat(Expiry.parse("1w", null, CLOCK, PARIS)).isEqualTo(NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void isoTimes() {
        assertThat(Expiry.parse(null, "2030-02-01T12:00:00Z", CLOCK, PARIS))
                .isEqualTo(Instant.parse("2030-02-01T12:00:00Z"));
        assertThat(Expiry.parse(null, "2030-02-01T12:00:00+02:00", CLOCK, PARIS))
                .isEqualTo(Instant.parse("2030-02-01T10:00:00Z"));
        assertThat(Expiry.parse(null, "2030-02-01T12:00", CLOCK, PARIS))
                .as("local time in the user's zone").isEqualTo(Instant.parse("2030-02-01T11:00:00Z"));
        assertThat(Expiry.parse(null, "2030-02-01", CLOCK, PARIS)).isEqualTo(Instant.parse("2030-01-31T23:00:00Z"));
    }

    @Test
    void noneGivenMeansNoExpiry() {
        assertThat(Expiry.parse(null, null, CLOCK, PARIS)).isNull();
    }

    @Test
    void badInputIsAClearError() {
        for (String bad : new String[] {"1", "h", "1y", "-1h", "0h", "1.5h", "one hour"}) {
            assertThatThrownBy(() -> Expiry.parse(bad, null, CLOCK, PARIS)).as(bad)
                    .isInstanceOfSatisfying(CastellanException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                        assertThat(e.getMessage()).contains("--expire-in");
                    });
        }
        assertThatThrownBy(() -> Expiry.parse(null, "next tuesday", CLOCK, PARIS))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> Expiry.parse(null, "2029-12-31T00:00:00Z", CLOCK, PARIS))
                .hasMessageContaining("not in the future");
        assertThatThrownBy(() -> Expiry.parse("1h", "2030-02-01T00:00:00Z", CLOCK, PARIS))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> Expiry.parse("5000d", null, CLOCK, PARIS)).hasMessageContaining("10 years");
    }
}
