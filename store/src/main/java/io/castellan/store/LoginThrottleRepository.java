package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Failed-login counters in the database, so every server node sees the same counts. The policy (how many failures
 * before a delay, how long, when to lock) belongs to the caller; {@link #recordFailure} and {@link #block} are meant to
 * run in one write transaction.
 */
public final class LoginThrottleRepository {

    private static final String COLUMNS = "subject_hash, failures, last_failure_at, blocked_until, locked";

    private final Transactions tx;

    public LoginThrottleRepository(Transactions tx) {
        this.tx = tx;
    }

    public Optional<LoginThrottleState> find(String subjectHash) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM login_throttle WHERE subject_hash = :s")
                .bind("s", subjectHash)
                .map(LoginThrottleRepository::map)
                .findOne());
    }

    /**
     * Counts one more failure at {@code now}. A count whose previous failure is older than {@code forgetBefore}
     * starts again at 1 (pass {@link Instant#EPOCH} to never forget). Atomic: concurrent failures all count.
     *
     * @return the state after counting (blocking unchanged)
     */
    public LoginThrottleState recordFailure(String subjectHash, Instant now, Instant forgetBefore) {
        return tx.write(h -> h.createQuery("INSERT INTO login_throttle (" + COLUMNS + ") VALUES (:s, 1, :now, 0, FALSE)"
                        + " ON CONFLICT (subject_hash) DO UPDATE SET failures = CASE"
                        + " WHEN login_throttle.last_failure_at < :forget THEN 1 ELSE login_throttle.failures + 1 END,"
                        + " last_failure_at = :now RETURNING " + COLUMNS)
                .bind("s", subjectHash)
                .bind("now", now.toEpochMilli())
                .bind("forget", forgetBefore.toEpochMilli())
                .map(LoginThrottleRepository::map)
                .one());
    }

    /** Refuses attempts until {@code blockedUntil}; {@code lock} also locks (a lock is only lifted by {@link #clear}). */
    public void block(String subjectHash, Instant blockedUntil, boolean lock) {
        tx.write(h -> h.createUpdate("UPDATE login_throttle SET blocked_until = :until,"
                        + " locked = (locked OR :lock) WHERE subject_hash = :s")
                .bind("until", blockedUntil.toEpochMilli())
                .bind("lock", lock)
                .bind("s", subjectHash)
                .execute());
    }

    /** Forgets the subject's failures and lock (after a successful login, or an administrator's re-enable). */
    public boolean clear(String subjectHash) {
        return tx.write(h -> h.createUpdate("DELETE FROM login_throttle WHERE subject_hash = :s")
                .bind("s", subjectHash)
                .execute() > 0);
    }

    /** Deletes unlocked rows whose last failure is older than {@code cutoff}. */
    public int purgeIdle(Instant cutoff) {
        return tx.write(h -> h.createUpdate("DELETE FROM login_throttle WHERE locked = FALSE"
                        + " AND last_failure_at < :cutoff AND blocked_until < :cutoff")
                .bind("cutoff", cutoff.toEpochMilli())
                .execute());
    }

    private static LoginThrottleState map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new LoginThrottleState(rs.getString("subject_hash"), rs.getLong("failures"),
                Rows.instant(rs, "last_failure_at"), Rows.instant(rs, "blocked_until"), rs.getBoolean("locked"));
    }
}
