package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Folders (user folders and shared folders). A folder's name is encrypted under its folder key; its key lives in
 * {@code folder_keys} (see {@link FolderMemberRepository}). Each method runs in its own transaction or joins the
 * caller's (see {@link Transactions}).
 */
public final class FolderRepository {

    private static final String COLUMNS = "uid, kind, owner_uid, parent_uid, encrypted_data, created_at, updated_at";

    private final Transactions tx;
    private final Clock clock;

    public FolderRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Inserts a folder.
     *
     * @throws StoreException {@code DUPLICATE} when the UID exists
     */
    public StoredFolder insert(String uid, FolderKind kind, String ownerUid, Optional<String> parentUid,
            byte[] encryptedData) {
        Instant now = Rows.now(clock);
        return tx.write(h -> {
            try {
                h.createUpdate("INSERT INTO folders (" + COLUMNS + ") VALUES (:uid, :kind, :owner, :parent, :data,"
                                + " :now, :now)")
                        .bind("uid", uid)
                        .bind("kind", Rows.db(kind))
                        .bind("owner", ownerUid)
                        .bind("parent", parentUid.orElse(null))
                        .bind("data", encryptedData)
                        .bind("now", now.toEpochMilli())
                        .execute();
            } catch (RuntimeException e) {
                if (tx.dialect().isUniqueViolation(e)) {
                    throw new StoreException(StoreException.Reason.DUPLICATE, "folder " + uid + " already exists", e);
                }
                throw e;
            }
            return new StoredFolder(uid, kind, ownerUid, parentUid, encryptedData, now, now);
        });
    }

    public Optional<StoredFolder> get(String uid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM folders WHERE uid = :uid")
                .bind("uid", uid)
                .map(FolderRepository::map)
                .findOne());
    }

    /** Whether the folder holds a live (not deleted) record or any folder. */
    public boolean hasContent(String uid) {
        return tx.read(h -> h.createQuery("SELECT CASE WHEN EXISTS (SELECT 1 FROM records WHERE folder_uid = :uid"
                        + " AND deleted = FALSE) OR EXISTS (SELECT 1 FROM folders WHERE parent_uid = :uid)"
                        + " THEN 1 ELSE 0 END")
                .bind("uid", uid)
                .mapTo(Integer.class)
                .one() == 1);
    }

    /**
     * Deletes a folder that holds no live record and no folder: deleted records still filed in it are moved to their
     * owner's root and lose the folder's wrapped record key; the folder's member rows go with it (cascade).
     *
     * @return whether a folder was deleted
     * @throws StoreException {@code CONFLICT} when the folder still holds a live record or a folder
     */
    public boolean deleteEmpty(String uid) {
        return tx.write(h -> {
            if (hasContent(uid)) {
                throw new StoreException(StoreException.Reason.CONFLICT, "folder " + uid + " is not empty");
            }
            h.createUpdate("DELETE FROM record_keys WHERE holder_kind = 'folder' AND holder_uid = :uid")
                    .bind("uid", uid)
                    .execute();
            h.createUpdate("UPDATE records SET folder_uid = NULL WHERE folder_uid = :uid AND deleted = TRUE")
                    .bind("uid", uid)
                    .execute();
            return h.createUpdate("DELETE FROM folders WHERE uid = :uid").bind("uid", uid).execute() > 0;
        });
    }

    private static StoredFolder map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredFolder(rs.getString("uid"), Rows.fromDb(FolderKind.class, rs.getString("kind")),
                rs.getString("owner_uid"), Optional.ofNullable(rs.getString("parent_uid")),
                rs.getBytes("encrypted_data"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
