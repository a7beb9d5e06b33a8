package io.castellan.server.api;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.store.UsedTransmissionKeyRepository;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses a transmission key seen before. The SHA-256 of the sealed {@code TransmissionKey} header is recorded in the
 * store (so every server node agrees) for {@link #REMEMBER}: longer than any request passes the freshness check
 * ({@code ts} within 5 minutes either way, so a request is acceptable for at most 10 minutes), hence a replay is
 * refused as {@code replayed_request} while it is fresh and as {@code stale_request} afterwards. Expired hashes are
 * purged opportunistically, at most once per {@link #PURGE_EVERY}.
 */
public final class ReplayGuard {

    /** How long a used key is remembered. */
    public static final Duration REMEMBER = Duration.ofMinutes(11);
    /** How often expired hashes are purged (by the request that finds the purge due). */
    static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final UsedTransmissionKeyRepository used;
    private final Clock clock;
    private final AtomicLong nextPurge = new AtomicLong();

    public ReplayGuard(UsedTransmissionKeyRepository used, Clock clock) {
        this.used = used;
        this.clock = clock;
    }

    /**
     * Records the sealed key as used.
     *
     * @throws CastellanException {@code REPLAYED_REQUEST} when it was used before
     */
    public void check(byte[] sealedTransmissionKey) {
        Instant now = clock.instant();
        purgeIfDue(now);
        if (!used.markUsed(sha256(sealedTransmissionKey), now.plus(REMEMBER))) {
            throw new CastellanException(ErrorCode.REPLAYED_REQUEST,
                    "this request was already received (replay); it was not executed again");
        }
    }

    private void purgeIfDue(Instant now) {
        long due = nextPurge.get();
        if (now.toEpochMilli() >= due && nextPurge.compareAndSet(due, now.plus(PURGE_EVERY).toEpochMilli())) {
            used.purgeExpired(now);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
