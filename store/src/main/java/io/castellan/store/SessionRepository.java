package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Login sessions, looked up by the SHA-256 of their bearer token. Whether a session is still valid (idle and
 * absolute timeouts) is the caller's decision, from the timestamps; this class stores, finds, touches and revokes.
 * Times are passed in explicitly so the server's clock governs them.
 */
public final class SessionRepository {

    private static final String COLUMNS =
            "uid, token_hash, user_uid, session_key, created_at, last_seen_at, expires_at, revoked";

    private final Transactions tx;

    public SessionRepository(Transactions tx) {
        this.tx = tx;
    }

    /** Stores a new session (its {@code lastSeenAt} is its creation time). */
    public StoredSession create(String uid, byte[] tokenHash, String userUid, byte[] sessionKey, Instant now,
            Instant expiresAt) {
        StoredSession session = new StoredSession(uid, tokenHash.clone(), userUid, sessionKey.clone(),
                Instant.ofEpochMilli(now.toEpochMilli()), Instant.ofEpochMilli(now.toEpochMilli()),
                Instant.ofEpochMilli(expiresAt.toEpochMilli()), false);
        tx.write(h -> h.createUpdate("INSERT INTO sessions (" + COLUMNS + ") VALUES (:uid, :hash, :user, :key, :now,"
                        + " :now, :expires, FALSE)")
                .bind("uid", uid)
                .bind("hash", session.tokenHash())
                .bind("user", userUid)
                .bind("key", session.sessionKey())
                .bind("now", now.toEpochMilli())
                .bind("expires", expiresAt.toEpochMilli())
                .execute());
        return session;
    }

    public Optional<StoredSession> findByTokenHash(byte[] tokenHash) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM sessions WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map(SessionRepository::map)
                .findOne());
    }

    public Optional<StoredSession> findByUid(String uid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM sessions WHERE uid = :uid")
                .bind("uid", uid)
                .map(SessionRepository::map)
                .findOne());
    }

    /** Moves {@code lastSeenAt} forward to {@code at} (never backwards). */
    public void touch(String uid, Instant at) {
        tx.write(h -> h.createUpdate("UPDATE sessions SET last_seen_at = :at WHERE uid = :uid AND last_seen_at < :at")
                .bind("at", at.toEpochMilli())
                .bind("uid", uid)
                .execute());
    }

    /** Revokes one session; returns whether it was live (not yet revoked) until now. */
    public boolean revoke(String uid) {
        return tx.write(h -> h.createUpdate("UPDATE sessions SET revoked = TRUE WHERE uid = :uid AND revoked = FALSE")
                .bind("uid", uid)
                .execute() > 0);
    }

    /** Revokes every live session of a user; returns how many there were. */
    public int revokeAllOf(String userUid) {
        return tx.write(h -> h.createUpdate("UPDATE sessions SET revoked = TRUE WHERE user_uid = :user"
                        + " AND revoked = FALSE")
                .bind("user", userUid)
                .execute());
    }

    /** The number of unrevoked sessions of a user whose absolute timeout is after {@code now}. */
    public int countLive(String userUid, Instant now) {
        return tx.read(h -> h.createQuery("SELECT COUNT(*) FROM sessions WHERE user_uid = :user AND revoked = FALSE"
                        + " AND expires_at > :now")
                .bind("user", userUid)
                .bind("now", now.toEpochMilli())
                .mapTo(Integer.class)
                .one());
    }

    /** Deletes sessions that ended (absolute timeout, or revoked and unused) before {@code cutoff}. */
    public int purgeEndedBefore(Instant cutoff) {
        return tx.write(h -> h.createUpdate("DELETE FROM sessions WHERE expires_at < :cutoff"
                        + " OR (revoked = TRUE AND last_seen_at < :cutoff)")
                .bind("cutoff", cutoff.toEpochMilli())
                .execute());
    }

    private static StoredSession map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredSession(rs.getString("uid"), rs.getBytes("token_hash"), rs.getString("user_uid"),
                rs.getBytes("session_key"), Rows.instant(rs, "created_at"), Rows.instant(rs, "last_seen_at"),
                Rows.instant(rs, "expires_at"), rs.getBoolean("revoked"));
    }
}
