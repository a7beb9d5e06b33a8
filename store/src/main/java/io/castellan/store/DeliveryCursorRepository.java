package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The delivery cursors of sinks and alert rules ({@code audit_delivery_cursors}). Every change but {@link #create}
 * and {@link #delete} is conditional on the caller holding the lease, so a node that lost its lease (it paused past
 * the expiry and another node took over) cannot move the cursor back or forth.
 */
public final class DeliveryCursorRepository {

    private static final String COLUMNS = "target, last_seq, last_error, last_error_at, last_success_at, lease_owner,"
            + " lease_until";

    private final Transactions tx;

    public DeliveryCursorRepository(Transactions tx) {
        this.tx = tx;
    }

    /** Creates the cursor of {@code target} at {@code lastSeq} (events after it are delivered), unless it exists. */
    public void create(String target, long lastSeq) {
        tx.write(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM audit_delivery_cursors WHERE target = :t").bind("t", target)
                    .mapTo(Long.class).one() == 0) {
                h.createUpdate("INSERT INTO audit_delivery_cursors (target, last_seq) VALUES (:t, :seq)")
                        .bind("t", target).bind("seq", lastSeq).execute();
            }
            return null;
        });
    }

    public Optional<DeliveryCursor> find(String target) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_delivery_cursors WHERE target = :t")
                .bind("t", target).map(DeliveryCursorRepository::map).findOne());
    }

    /**
     * Takes or renews the lease of {@code target} for {@code owner} until {@code until}: granted when nobody holds
     * it, {@code owner} already does, or the holder's lease expired before {@code now}.
     */
    public boolean claim(String target, String owner, Instant now, Instant until) {
        return tx.write(h -> h.createUpdate("UPDATE audit_delivery_cursors SET lease_owner = :owner, lease_until ="
                        + " :until WHERE target = :t AND (lease_owner IS NULL OR lease_owner = :owner"
                        + " OR lease_until < :now)")
                .bind("owner", owner).bind("until", until.toEpochMilli()).bind("t", target)
                .bind("now", now.toEpochMilli()).execute() == 1);
    }

    /** Gives the lease up (on shutdown), so another node can take over at once. */
    public void release(String target, String owner) {
        tx.write(h -> h.createUpdate("UPDATE audit_delivery_cursors SET lease_owner = NULL, lease_until = NULL"
                        + " WHERE target = :t AND lease_owner = :owner")
                .bind("t", target).bind("owner", owner).execute());
    }

    /** The target accepted every event up to {@code seq}: moves the cursor forward and clears the error. */
    public boolean advance(String target, String owner, long seq, Instant now) {
        return tx.write(h -> h.createUpdate("UPDATE audit_delivery_cursors SET last_seq = :seq, last_error = NULL,"
                        + " last_error_at = NULL, last_success_at = :now WHERE target = :t AND lease_owner = :owner"
                        + " AND last_seq < :seq")
                .bind("seq", seq).bind("now", now.toEpochMilli()).bind("t", target).bind("owner", owner)
                .execute() == 1);
    }

    /** Records a failed attempt: {@code error} is a safe one-line message (never a secret). */
    public void fail(String target, String owner, String error, Instant now) {
        tx.write(h -> h.createUpdate("UPDATE audit_delivery_cursors SET last_error = :error, last_error_at = :now"
                        + " WHERE target = :t AND lease_owner = :owner")
                .bind("error", error).bind("now", now.toEpochMilli()).bind("t", target).bind("owner", owner)
                .execute());
    }

    public void delete(String target) {
        tx.write(h -> h.createUpdate("DELETE FROM audit_delivery_cursors WHERE target = :t").bind("t", target)
                .execute());
    }

    private static DeliveryCursor map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new DeliveryCursor(rs.getString("target"), rs.getLong("last_seq"),
                Optional.ofNullable(rs.getString("last_error")), instant(rs, "last_error_at"),
                instant(rs, "last_success_at"), Optional.ofNullable(rs.getString("lease_owner")),
                instant(rs, "lease_until"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }
}
