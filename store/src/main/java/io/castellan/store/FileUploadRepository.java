package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * One-time upload tokens of the Secrets Manager {@code add_file} ({@code sm_file_uploads}), stored as hashes. A token
 * is taken (deleted and returned) in the transaction that uses it, so it works once on every server node.
 */
public final class FileUploadRepository {

    private static final String COLUMNS = "client_id, app_uid, owner_record_uid, base_revision, file_uid,"
            + " encrypted_file_key, encrypted_meta, owner_record_data, max_size, expires_at, created_at";

    private final Transactions tx;

    public FileUploadRepository(Transactions tx) {
        this.tx = tx;
    }

    /** Stores a token hash and what its upload will store. */
    public void insert(byte[] tokenHash, FileUpload upload) {
        tx.write(h -> h.createUpdate("INSERT INTO sm_file_uploads (token_hash, " + COLUMNS + ") VALUES (:hash,"
                        + " :client, :app, :owner, :base, :file, :fileKey, :meta, :ownerData, :max, :expires, :created)")
                .bind("hash", tokenHash)
                .bind("client", upload.clientId())
                .bind("app", upload.appUid())
                .bind("owner", upload.ownerRecordUid())
                .bind("base", upload.baseRevision())
                .bind("file", upload.fileUid())
                .bind("fileKey", upload.encryptedFileKey())
                .bind("meta", upload.encryptedMeta())
                .bind("ownerData", upload.ownerRecordData())
                .bind("max", upload.maxSize())
                .bind("expires", upload.expiresAt().toEpochMilli())
                .bind("created", upload.createdAt().toEpochMilli())
                .execute());
    }

    /**
     * Deletes the token and returns what it was for, if it existed and had not expired at {@code now} (an expired
     * token is deleted too, and empty is returned).
     */
    public Optional<FileUpload> take(byte[] tokenHash, Instant now) {
        return tx.write(h -> h.createQuery("DELETE FROM sm_file_uploads WHERE token_hash = :hash RETURNING " + COLUMNS)
                .bind("hash", tokenHash)
                .map(FileUploadRepository::map)
                .findOne()
                .filter(u -> u.expiresAt().isAfter(now)));
    }

    /** Deletes tokens that expired at or before {@code now}; returns how many. */
    public int purgeExpired(Instant now) {
        return tx.write(h -> h.createUpdate("DELETE FROM sm_file_uploads WHERE expires_at <= :now")
                .bind("now", now.toEpochMilli())
                .execute());
    }

    private static FileUpload map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new FileUpload(rs.getString("client_id"), rs.getString("app_uid"), rs.getString("owner_record_uid"),
                rs.getLong("base_revision"), rs.getString("file_uid"), rs.getBytes("encrypted_file_key"),
                rs.getBytes("encrypted_meta"), rs.getBytes("owner_record_data"), rs.getLong("max_size"),
                Rows.instant(rs, "expires_at"), Rows.instant(rs, "created_at"));
    }
}
