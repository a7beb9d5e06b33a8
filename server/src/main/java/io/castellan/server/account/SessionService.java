package io.castellan.server.account;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.CryptoException;
import io.castellan.crypto.Uids;
import io.castellan.crypto.Wipe;
import io.castellan.server.api.ApiFailures;
import io.castellan.server.api.Caller;
import io.castellan.server.api.SessionAuthenticator;
import io.castellan.server.audit.Audit;
import io.castellan.server.audit.AuditEventType;
import io.castellan.store.RoleRepository;
import io.castellan.store.SessionRepository;
import io.castellan.store.Store;
import io.castellan.store.StoredSession;
import io.castellan.store.User;
import io.castellan.store.UserStatus;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Login sessions: 32-byte random tokens (web-safe base64) of which the store keeps only the SHA-256; an idle timeout
 * (from the last request) and an absolute one (from login). A request with a session past either timeout revokes it,
 * records {@code session_expired} and is refused. Sessions of a user who is no longer active are refused too.
 */
public final class SessionService implements SessionAuthenticator {

    private static final int TOKEN_BYTES = 32;
    private static final int SESSION_KEY_BYTES = 32;
    /** Ended sessions are kept this long (for investigation), then deleted. */
    static final Duration KEEP_ENDED = Duration.ofDays(1);

    /** A new session: the token goes to the client once and is not stored. */
    public record Opened(String token, StoredSession session) {
    }

    private final Store store;
    private final SessionRepository sessions;
    private final TwoFactorGate twoFactor;
    private final Audit audit;
    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;
    private final Duration touchEvery;
    private final PurgeGate purge = new PurgeGate(Duration.ofHours(1));

    public SessionService(Store store, SessionRepository sessions, RoleRepository roles, Audit audit, Clock clock,
            Duration idle, Duration absolute) {
        this.store = store;
        this.sessions = sessions;
        this.twoFactor = new TwoFactorGate(roles);
        this.audit = audit;
        this.clock = clock;
        this.idle = idle;
        this.absolute = absolute;
        Duration twentieth = idle.dividedBy(20);
        this.touchEvery = twentieth.compareTo(Duration.ofSeconds(15)) < 0 ? twentieth : Duration.ofSeconds(15);
    }

    /**
     * Opens a session for {@code userUid} (join the caller's write transaction to commit it with its audit). Once an
     * hour this also deletes sessions that ended more than {@link #KEEP_ENDED} ago.
     */
    public Opened open(String userUid, Instant now) {
        if (purge.due(now)) {
            sessions.purgeEndedBefore(now.minus(KEEP_ENDED));
        }
        byte[] token = CastellanRandom.bytes(TOKEN_BYTES);
        byte[] sessionKey = CastellanRandom.bytes(SESSION_KEY_BYTES);
        try {
            StoredSession stored = sessions.create(Uids.newUid(), sha256(token), userUid, sessionKey, now,
                    now.plus(absolute));
            return new Opened(Base64s.encodeWebSafe(token), stored);
        } finally {
            Wipe.wipeAll(token, sessionKey);
        }
    }

    @Override
    public Caller authenticate(String token, String command, String sourceIp) {
        StoredSession session = find(token).filter(s -> !s.revoked())
                .orElseThrow(() -> ApiFailures.unauthenticated("the session is not valid: log in again"));
        Instant now = clock.instant();
        if (!now.isBefore(session.expiresAt()) || !now.isBefore(session.lastSeenAt().plus(idle))) {
            expire(session, sourceIp);
            throw ApiFailures.unauthenticated("the session has expired: log in again");
        }
        User user = store.users().findByUid(session.userUid()).filter(u -> u.status() == UserStatus.ACTIVE)
                .orElseThrow(() -> ApiFailures.unauthenticated("the session is not valid: log in again"));
        twoFactor.check(user, command);
        if (!now.isBefore(session.lastSeenAt().plus(touchEvery))) {
            sessions.touch(session.uid(), now);
        }
        return new Caller(user.uid(), user.email(), user.admin(), session.uid());
    }

    /** The session named {@code sessionUid} (as in {@link Caller#sessionId()}). */
    public Optional<StoredSession> byUid(String sessionUid) {
        return sessions.findByUid(sessionUid);
    }

    /** Revokes one session; returns whether it was live. */
    public boolean revoke(String sessionUid) {
        return sessions.revoke(sessionUid);
    }

    /** Revokes every session of a user at once (disable, lock); returns how many were live. */
    public int revokeAll(String userUid) {
        return sessions.revokeAllOf(userUid);
    }

    public Duration idleTimeout() {
        return idle;
    }

    private Optional<StoredSession> find(String token) {
        byte[] raw;
        try {
            raw = Base64s.decodeWebSafe(token);
        } catch (CryptoException e) {
            return Optional.empty();
        }
        if (raw.length != TOKEN_BYTES) {
            return Optional.empty();
        }
        return sessions.findByTokenHash(sha256(raw));
    }

    private void expire(StoredSession session, String sourceIp) {
        store.write(h -> {
            if (sessions.revoke(session.uid())) {
                audit.record(AuditEventType.SESSION_EXPIRED, session.userUid(), sourceIp,
                        List.of(session.userUid()), Audit.SUCCESS);
            }
            return null;
        });
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
