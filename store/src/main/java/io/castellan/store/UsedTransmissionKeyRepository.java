package io.castellan.store;

import java.time.Instant;

/**
 * The replay guard's memory: hashes of transmission keys already used, each kept until it expires. Shared by every
 * server node through the database, so a request captured on its way to one node is refused by all of them.
 */
public final class UsedTransmissionKeyRepository {

    private final Transactions tx;

    public UsedTransmissionKeyRepository(Transactions tx) {
        this.tx = tx;
    }

    /**
     * Records {@code hash} as used until {@code expiresAt}.
     *
     * @return true the first time a hash is seen; false when it is already recorded (a replay)
     */
    public boolean markUsed(byte[] hash, Instant expiresAt) {
        return tx.write(h -> h.createUpdate("INSERT INTO used_transmission_keys (hash, expires_at) VALUES (:hash,"
                        + " :expires) ON CONFLICT (hash) DO NOTHING")
                .bind("hash", hash)
                .bind("expires", expiresAt.toEpochMilli())
                .execute() == 1);
    }

    /** Forgets hashes that expired before {@code now}; returns how many. */
    public int purgeExpired(Instant now) {
        return tx.write(h -> h.createUpdate("DELETE FROM used_transmission_keys WHERE expires_at < :now")
                .bind("now", now.toEpochMilli())
                .execute());
    }
}
