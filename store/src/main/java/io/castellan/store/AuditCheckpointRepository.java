package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** The signed checkpoints of the audit chain (see {@link AuditCheckpoint}), one per covered sequence number. */
public final class AuditCheckpointRepository {

    private static final String COLUMNS = "seq, head_hash, signed_at, key_id, public_key, signature";

    private final Transactions tx;

    public AuditCheckpointRepository(Transactions tx) {
        this.tx = tx;
    }

    /** Stores a checkpoint; one that covers the same event as an earlier one is ignored (the first stands). */
    public boolean insert(AuditCheckpoint c) {
        return tx.write(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM audit_checkpoints WHERE seq = :seq").bind("seq", c.seq())
                    .mapTo(Long.class).one() > 0) {
                return false;
            }
            h.createUpdate("INSERT INTO audit_checkpoints (" + COLUMNS + ") VALUES (:seq, :hash, :at, :keyId, :pub,"
                            + " :sig)")
                    .bind("seq", c.seq()).bind("hash", c.headHash()).bind("at", c.signedAt().toEpochMilli())
                    .bind("keyId", c.keyId()).bind("pub", c.publicKey()).bind("sig", c.signature())
                    .execute();
            return true;
        });
    }

    /** The newest checkpoint (highest sequence number), if any. */
    public Optional<AuditCheckpoint> latest() {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_checkpoints ORDER BY seq DESC LIMIT 1")
                .map(AuditCheckpointRepository::map).findOne());
    }

    /** Checkpoints with {@code fromSeq <= seq <= toSeq}, oldest first. */
    public List<AuditCheckpoint> range(long fromSeq, long toSeq) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_checkpoints WHERE seq BETWEEN :from"
                        + " AND :to ORDER BY seq")
                .bind("from", fromSeq).bind("to", toSeq)
                .map(AuditCheckpointRepository::map).list());
    }

    private static AuditCheckpoint map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AuditCheckpoint(rs.getLong("seq"), rs.getString("head_hash"),
                Instant.ofEpochMilli(rs.getLong("signed_at")), rs.getInt("key_id"), rs.getString("public_key"),
                rs.getString("signature"));
    }
}
