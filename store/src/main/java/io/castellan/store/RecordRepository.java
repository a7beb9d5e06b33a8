package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Encrypted records with optimistic concurrency: every change names the revision it was based on, and fails with
 * {@link StaleRevisionException} if the record moved on meanwhile. The superseded revision goes to
 * {@code record_history} in the same transaction, so history and record never disagree.
 *
 * <p>The revision check is a conditional {@code UPDATE ... WHERE revision = :expected}: on PostgreSQL a concurrent
 * writer blocks on the row lock and then finds the revision changed, so exactly one of two racing updates wins.
 */
public final class RecordRepository {

    private static final String COLUMNS =
            "uid, owner_uid, folder_uid, revision, encrypted_data, created_at, updated_at, deleted";

    private final Transactions tx;
    private final Clock clock;

    public RecordRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Inserts a new record at revision 1.
     *
     * @throws StoreException {@code DUPLICATE} when the UID exists
     */
    public StoredRecord insert(String uid, String ownerUid, Optional<String> folderUid, byte[] encryptedData) {
        Instant now = Rows.now(clock);
        return tx.write(h -> {
            try {
                h.createUpdate("INSERT INTO records (" + COLUMNS + ") VALUES (:uid, :owner, :folder, 1, :data, :now,"
                                + " :now, FALSE)")
                        .bind("uid", uid)
                        .bind("owner", ownerUid)
                        .bind("folder", folderUid.orElse(null))
                        .bind("data", encryptedData)
                        .bind("now", now.toEpochMilli())
                        .execute();
            } catch (RuntimeException e) {
                if (tx.dialect().isUniqueViolation(e)) {
                    throw new StoreException(StoreException.Reason.DUPLICATE, "record " + uid + " already exists", e);
                }
                throw e;
            }
            return new StoredRecord(uid, ownerUid, folderUid, 1, encryptedData, now, now, false);
        });
    }

    /** The record, deleted or not. */
    public Optional<StoredRecord> get(String uid) {
        return tx.read(h -> find(h, uid));
    }

    /**
     * Replaces the record's data if it is still at {@code expectedRevision}, and archives that revision.
     *
     * @return the record at its new revision ({@code expectedRevision + 1})
     * @throws StaleRevisionException when the record is at another revision (nothing is written)
     * @throws StoreException         {@code NOT_FOUND} when the record does not exist or is deleted
     */
    public StoredRecord update(String uid, long expectedRevision, byte[] newData) {
        return tx.write(h -> advance(h, uid, expectedRevision, newData, false));
    }

    /** Marks the record deleted (a new revision with the same data); same checks as {@link #update}. */
    public StoredRecord softDelete(String uid, long expectedRevision) {
        return tx.write(h -> advance(h, uid, expectedRevision, null, true));
    }

    /**
     * Files the live record in another folder (empty: its owner's root). Moving changes neither the data nor the
     * revision; the caller re-wraps the record key for the new place in the same transaction.
     *
     * @throws StoreException {@code NOT_FOUND} when the record does not exist or is deleted
     */
    public void setFolder(String uid, Optional<String> folderUid) {
        tx.write(h -> {
            int updated = h.createUpdate("UPDATE records SET folder_uid = :folder, updated_at = :now"
                            + " WHERE uid = :uid AND deleted = FALSE")
                    .bind("folder", folderUid.orElse(null))
                    .bind("now", clock.millis())
                    .bind("uid", uid)
                    .execute();
            if (updated != 1) {
                throw new StoreException(StoreException.Reason.NOT_FOUND, "no live record with UID " + uid);
            }
            return null;
        });
    }

    /** The superseded revisions of a record, oldest first (the current revision is not included). */
    public List<RecordRevision> history(String uid) {
        return tx.read(h -> h.createQuery("SELECT record_uid, revision, encrypted_data, created_at"
                        + " FROM record_history WHERE record_uid = :uid ORDER BY revision")
                .bind("uid", uid)
                .map((rs, ctx) -> new RecordRevision(rs.getString("record_uid"), rs.getLong("revision"),
                        rs.getBytes("encrypted_data"), Rows.instant(rs, "created_at")))
                .list());
    }

    /** Moves the record to the next revision with {@code newData} (or its current data when {@code null}). */
    private StoredRecord advance(Handle h, String uid, long expectedRevision, byte[] newData, boolean delete) {
        StoredRecord current = live(h, uid);
        byte[] data = newData != null ? newData : current.encryptedData();
        if (current.revision() != expectedRevision) {
            throw new StaleRevisionException(uid, expectedRevision, current.revision());
        }
        Instant now = Rows.now(clock);
        int updated = h.createUpdate("UPDATE records SET encrypted_data = :data, revision = revision + 1,"
                        + " updated_at = :now, deleted = :deleted"
                        + " WHERE uid = :uid AND revision = :expected AND deleted = FALSE")
                .bind("data", data)
                .bind("now", now.toEpochMilli())
                .bind("deleted", delete)
                .bind("uid", uid)
                .bind("expected", expectedRevision)
                .execute();
        if (updated != 1) {
            // Lost a race after the read above: report the revision that won.
            throw new StaleRevisionException(uid, expectedRevision, find(h, uid).map(StoredRecord::revision)
                    .orElse(-1L));
        }
        // Data at a given revision never changes, so what we read is exactly the revision we superseded.
        h.createUpdate("INSERT INTO record_history (record_uid, revision, encrypted_data, created_at)"
                        + " VALUES (:uid, :revision, :data, :createdAt)")
                .bind("uid", uid)
                .bind("revision", current.revision())
                .bind("data", current.encryptedData())
                .bind("createdAt", current.updatedAt().toEpochMilli())
                .execute();
        return new StoredRecord(uid, current.ownerUid(), current.folderUid(), expectedRevision + 1, data,
                current.createdAt(), now, delete);
    }

    private StoredRecord live(Handle h, String uid) {
        StoredRecord current = find(h, uid).orElseThrow(() ->
                new StoreException(StoreException.Reason.NOT_FOUND, "no record with UID " + uid));
        if (current.deleted()) {
            throw new StoreException(StoreException.Reason.NOT_FOUND, "record " + uid + " is deleted");
        }
        return current;
    }

    private static Optional<StoredRecord> find(Handle h, String uid) {
        return h.createQuery("SELECT " + COLUMNS + " FROM records WHERE uid = :uid")
                .bind("uid", uid)
                .map(RecordRepository::map)
                .findOne();
    }

    private static StoredRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredRecord(rs.getString("uid"), rs.getString("owner_uid"),
                Optional.ofNullable(rs.getString("folder_uid")), rs.getLong("revision"), rs.getBytes("encrypted_data"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"), rs.getBoolean("deleted"));
    }
}
