package io.castellan.server.device;

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
 * Refuses a device request whose sealed transmission key was seen before, in the same table as the user API's
 * replay guard (so every node agrees). Keeper's device protocol carries no timestamp, so the hash is remembered
 * longer ({@link DeviceLimits#replayMemory()}, 24 hours by default); past that, a replay still cannot read anything
 * (the answer is encrypted under a key only the original sender holds) and a replayed change fails its revision or
 * uniqueness check.
 */
final class DeviceReplayGuard {

    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final UsedTransmissionKeyRepository used;
    private final Clock clock;
    private final Duration memory;
    private final AtomicLong nextPurge = new AtomicLong();

    DeviceReplayGuard(UsedTransmissionKeyRepository used, Clock clock, Duration memory) {
        this.used = used;
        this.clock = clock;
        this.memory = memory;
    }

    /**
     * @throws CastellanException {@code REPLAYED_REQUEST} when the sealed key was used before (inside a store
     *                            {@code BatchedRun}: when the run ends, failing the whole run)
     */
    void check(byte[] sealedTransmissionKey) {
        Instant now = clock.instant();
        long due = nextPurge.get();
        if (now.toEpochMilli() >= due && nextPurge.compareAndSet(due, now.plus(PURGE_EVERY).toEpochMilli())) {
            used.purgeExpired(now);
        }
        used.markUsedOrFail(sha256(sealedTransmissionKey), now.plus(memory), DeviceReplayGuard::replayed);
    }

    private static CastellanException replayed() {
        return new CastellanException(ErrorCode.REPLAYED_REQUEST,
                "this request was already received (replay); it was not executed again");
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
