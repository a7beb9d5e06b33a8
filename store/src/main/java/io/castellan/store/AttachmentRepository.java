package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Record attachments: encrypted metadata, the file key wrapped with the record key, and the encrypted bytes, stored
 * inline ({@code encrypted_data}). Everything here is ciphertext the server cannot open.
 */
public final class AttachmentRepository {

    static final String META_COLUMNS = "uid, record_uid, encrypted_file_key, encrypted_meta, size, created_at";

    private final Transactions tx;
    private final Clock clock;

    public AttachmentRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Stores an attachment inline.
     *
     * @throws StoreException {@code DUPLICATE} when the UID exists
     */
    public StoredAttachment insert(String uid, String recordUid, byte[] encryptedFileKey, byte[] encryptedMeta,
            byte[] encryptedData) {
        Instant now = Rows.now(clock);
        return tx.write(h -> {
            try {
                h.createUpdate("INSERT INTO attachments (uid, record_uid, encrypted_file_key, encrypted_meta, size,"
                                + " blob_path, encrypted_data, created_at) VALUES (:uid, :record, :fileKey, :meta,"
                                + " :size, NULL, :data, :now)")
                        .bind("uid", uid)
                        .bind("record", recordUid)
                        .bind("fileKey", encryptedFileKey)
                        .bind("meta", encryptedMeta)
                        .bind("size", (long) encryptedData.length)
                        .bind("data", encryptedData)
                        .bind("now", now.toEpochMilli())
                        .execute();
            } catch (RuntimeException e) {
                if (tx.dialect().isUniqueViolation(e)) {
                    throw new StoreException(StoreException.Reason.DUPLICATE, "attachment " + uid + " already exists",
                            e);
                }
                throw e;
            }
            return new StoredAttachment(uid, recordUid, encryptedFileKey, encryptedMeta, encryptedData.length, now);
        });
    }

    /** The attachment's metadata row (without its bytes). */
    public Optional<StoredAttachment> get(String uid) {
        return tx.read(h -> h.createQuery("SELECT " + META_COLUMNS + " FROM attachments WHERE uid = :uid")
                .bind("uid", uid)
                .map(AttachmentRepository::map)
                .findOne());
    }

    /** The attachments of one record, ordered by UID. */
    public List<StoredAttachment> listByRecord(String recordUid) {
        return tx.read(h -> h.createQuery("SELECT " + META_COLUMNS + " FROM attachments WHERE record_uid = :record"
                        + " ORDER BY uid")
                .bind("record", recordUid)
                .map(AttachmentRepository::map)
                .list());
    }

    /** The attachment's encrypted bytes (inline storage). */
    public Optional<byte[]> data(String uid) {
        return tx.read(h -> h.createQuery("SELECT encrypted_data FROM attachments WHERE uid = :uid"
                        + " AND encrypted_data IS NOT NULL")
                .bind("uid", uid)
                .map((rs, ctx) -> rs.getBytes("encrypted_data"))
                .findOne());
    }

    static StoredAttachment map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredAttachment(rs.getString("uid"), rs.getString("record_uid"),
                rs.getBytes("encrypted_file_key"), rs.getBytes("encrypted_meta"), rs.getLong("size"),
                Rows.instant(rs, "created_at"));
    }
}
