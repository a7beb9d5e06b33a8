package io.castellan.store;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The replay guard's memory: hashes of transmission keys already used, each kept until it expires. Shared by every
 * server node through the database, so a request captured on its way to one node is refused by all of them.
 */
public final class UsedTransmissionKeyRepository {

    private static final String INSERT = "INSERT INTO used_transmission_keys (hash, expires_at) VALUES (:hash,"
            + " :expires) ON CONFLICT (hash) DO NOTHING";

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
        return tx.write(h -> h.createUpdate(INSERT)
                .bind("hash", hash)
                .bind("expires", expiresAt.toEpochMilli())
                .execute() == 1);
    }

    /**
     * Records {@code hash} as used until {@code expiresAt}, or throws {@code replayed}'s exception when it was used
     * before. Inside a {@link BatchedRun} the insert is queued and written when the run ends, and the exception is
     * thrown from there, failing the whole run.
     */
    public void markUsedOrFail(byte[] hash, Instant expiresAt, Supplier<? extends RuntimeException> replayed) {
        tx.write(h -> {
            BatchedRun run = BatchedRun.joining(h);
            BatchedRun.Mark mark = new BatchedRun.Mark(hash.clone(), expiresAt.toEpochMilli(), replayed);
            if (run != null) {
                run.queue(mark);
            } else {
                insertAll(h, List.of(mark));
            }
            return null;
        });
    }

    /**
     * Inserts the marks in order (one JDBC batch for several) and throws the {@code replayed} failure of the first
     * whose hash was already there. A count the driver does not report is taken as a replay (fail closed).
     */
    static void insertAll(Handle h, List<BatchedRun.Mark> marks) {
        if (marks.size() == 1) {
            BatchedRun.Mark m = marks.get(0);
            if (h.createUpdate(INSERT).bind("hash", m.hash()).bind("expires", m.expiresAtMillis()).execute() != 1) {
                throw m.replayed().get();
            }
            return;
        }
        PreparedBatch batch = h.prepareBatch(INSERT);
        marks.forEach(m -> batch.bind("hash", m.hash()).bind("expires", m.expiresAtMillis()).add());
        int[] counts = batch.execute();
        for (int i = 0; i < marks.size(); i++) {
            if (i >= counts.length || counts[i] != 1) {
                throw marks.get(i).replayed().get();
            }
        }
    }

    /** Forgets hashes that expired before {@code now}; returns how many. */
    public int purgeExpired(Instant now) {
        return tx.write(h -> h.createUpdate("DELETE FROM used_transmission_keys WHERE expires_at < :now")
                .bind("now", now.toEpochMilli())
                .execute());
    }
}
