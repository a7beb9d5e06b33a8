package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Small conversions shared by the row mappers: timestamps are stored as epoch milliseconds on both engines (so
 * SQLite and PostgreSQL compare and sort them the same way), and enumerations as their lower-case names.
 */
final class Rows {

    private Rows() {
    }

    /** The clock's time at the precision stored (milliseconds), so what a repository returns equals what it reads. */
    static Instant now(Clock clock) {
        return Instant.ofEpochMilli(clock.millis());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return Instant.ofEpochMilli(rs.getLong(column));
    }

    static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    /** Epoch milliseconds, or {@code null} for an absent instant (bind with the {@code Long} overload). */
    static Long millis(Optional<Instant> instant) {
        return instant.map(Instant::toEpochMilli).orElse(null);
    }

    /** The database spelling of an enum constant: {@code HOLDER_KIND.APP} is stored as {@code 'app'}. */
    static String db(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The enum constant whose {@link #db} spelling is {@code stored}. */
    static <E extends Enum<E>> E fromDb(Class<E> type, String stored) {
        return Enum.valueOf(type, stored.toUpperCase(Locale.ROOT));
    }
}
