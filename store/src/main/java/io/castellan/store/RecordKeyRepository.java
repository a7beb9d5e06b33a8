package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Wrapped record keys per holder (user, folder, application). A key past its {@code expiresAt} is never returned,
 * even before {@link #deleteExpired} has swept it, so an expired share stops working on time.
 */
public final class RecordKeyRepository {

    private static final String COLUMNS =
            "record_uid, holder_kind, holder_uid, encrypted_record_key, can_edit, can_share, expires_at";
    private static final String NOT_EXPIRED = "(expires_at IS NULL OR expires_at > :now)";

    private final Transactions tx;
    private final Clock clock;

    public RecordKeyRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** Inserts the key, or replaces the key and permissions this holder already had for the record. */
    public void put(RecordKey key) {
        put(key, false);
    }

    /**
     * As {@link #put(RecordKey)}; {@code rotateOnExpiration} asks that the record's credential be rotated when this
     * time-limited share ends (see {@link #deleteExpiredShares}). Replacing a share replaces the flag too.
     */
    public void put(RecordKey key, boolean rotateOnExpiration) {
        tx.write(h -> h.createUpdate("INSERT INTO record_keys (" + COLUMNS + ", rotate_on_expiration) VALUES (:record,"
                        + " :kind, :holder, :key, :canEdit, :canShare, :expiresAt, :rotate)"
                        + " ON CONFLICT (record_uid, holder_kind, holder_uid) DO UPDATE"
                        + " SET encrypted_record_key = excluded.encrypted_record_key, can_edit = excluded.can_edit,"
                        + " can_share = excluded.can_share, expires_at = excluded.expires_at,"
                        + " rotate_on_expiration = excluded.rotate_on_expiration")
                .bind("rotate", rotateOnExpiration)
                .bind("record", key.recordUid())
                .bind("kind", Rows.db(key.holderKind()))
                .bind("holder", key.holderUid())
                .bind("key", key.encryptedRecordKey())
                .bind("canEdit", key.canEdit())
                .bind("canShare", key.canShare())
                .bind("expiresAt", Rows.millis(key.expiresAt()))
                .execute());
    }

    /** The holder's unexpired key for the record. */
    public Optional<RecordKey> get(String recordUid, HolderKind kind, String holderUid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM record_keys WHERE record_uid = :record"
                        + " AND holder_kind = :kind AND holder_uid = :holder AND " + NOT_EXPIRED)
                .bind("record", recordUid)
                .bind("kind", Rows.db(kind))
                .bind("holder", holderUid)
                .bind("now", clock.millis())
                .map(RecordKeyRepository::map)
                .findOne());
    }

    /** Every unexpired key the holder has, ordered by record UID. */
    public List<RecordKey> listByHolder(HolderKind kind, String holderUid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM record_keys WHERE holder_kind = :kind"
                        + " AND holder_uid = :holder AND " + NOT_EXPIRED + " ORDER BY record_uid")
                .bind("kind", Rows.db(kind))
                .bind("holder", holderUid)
                .bind("now", clock.millis())
                .map(RecordKeyRepository::map)
                .list());
    }

    /** Removes one holder's key (revoking a share); returns whether there was one. */
    public boolean delete(String recordUid, HolderKind kind, String holderUid) {
        return tx.write(h -> h.createUpdate("DELETE FROM record_keys WHERE record_uid = :record"
                        + " AND holder_kind = :kind AND holder_uid = :holder")
                .bind("record", recordUid)
                .bind("kind", Rows.db(kind))
                .bind("holder", holderUid)
                .execute() > 0);
    }

    /**
     * Removes every holder's key for the record except {@code keepKind}/{@code keepHolder}'s (deleting a record: the
     * other users', folders' and applications' wrapped keys go); returns how many rows were removed.
     */
    public int deleteAllExcept(String recordUid, HolderKind keepKind, String keepHolder) {
        return tx.write(h -> h.createUpdate("DELETE FROM record_keys WHERE record_uid = :record"
                        + " AND NOT (holder_kind = :kind AND holder_uid = :holder)")
                .bind("record", recordUid)
                .bind("kind", Rows.db(keepKind))
                .bind("holder", keepHolder)
                .execute());
    }

    /**
     * Deletes every key that expired at or before {@code now} and returns them, so the caller can audit the
     * expirations and close what the holders had open.
     */
    public List<RecordKey> deleteExpired(Instant now) {
        return deleteExpiredShares(now).stream().map(ExpiredShare::key).toList();
    }

    /**
     * As {@link #deleteExpired}, with whether each share asked for a rotation when it ends. Of several nodes
     * deleting at once, each row is returned to exactly one (the {@code DELETE} that removed it).
     */
    public List<ExpiredShare> deleteExpiredShares(Instant now) {
        return tx.write(h -> h.createQuery("DELETE FROM record_keys WHERE expires_at <= :now RETURNING " + COLUMNS
                        + ", rotate_on_expiration")
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> new ExpiredShare(map(rs, ctx), rs.getBoolean("rotate_on_expiration")))
                .list());
    }

    /** Whether the holder's unexpired share of the record asks for a rotation when it ends. */
    public boolean rotatesOnExpiration(String recordUid, HolderKind kind, String holderUid) {
        return tx.read(h -> h.createQuery("SELECT rotate_on_expiration FROM record_keys WHERE record_uid = :record"
                        + " AND holder_kind = :kind AND holder_uid = :holder AND " + NOT_EXPIRED)
                .bind("record", recordUid)
                .bind("kind", Rows.db(kind))
                .bind("holder", holderUid)
                .bind("now", clock.millis())
                .mapTo(Boolean.class)
                .findOne()
                .orElse(false));
    }

    private static RecordKey map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new RecordKey(rs.getString("record_uid"), Rows.fromDb(HolderKind.class, rs.getString("holder_kind")),
                rs.getString("holder_uid"), rs.getBytes("encrypted_record_key"), rs.getBoolean("can_edit"),
                rs.getBoolean("can_share"), Rows.optionalInstant(rs, "expires_at"));
    }
}
