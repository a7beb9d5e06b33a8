package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Folders inside shared folders ({@code sm_subfolders}), made by Secrets Manager devices or vault users alike, and the
 * placement of records in them ({@code sm_record_subfolders}). The server never holds the keys that open their names.
 */
public final class SubFolderRepository {

    private static final String COLUMNS = "uid, shared_folder_uid, parent_uid, encrypted_folder_key, encrypted_data,"
            + " created_at, updated_at";

    private final Transactions tx;
    private final Clock clock;

    public SubFolderRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Inserts a sub-folder.
     *
     * @throws StoreException {@code DUPLICATE} when the UID is taken by a folder or a sub-folder
     */
    public SubFolder insert(String uid, String sharedFolderUid, Optional<String> parentUid, byte[] encryptedFolderKey,
            byte[] encryptedData) {
        Instant now = Rows.now(clock);
        return tx.write(h -> {
            boolean taken = h.createQuery("SELECT CASE WHEN EXISTS (SELECT 1 FROM folders WHERE uid = :uid)"
                            + " OR EXISTS (SELECT 1 FROM sm_subfolders WHERE uid = :uid) THEN 1 ELSE 0 END")
                    .bind("uid", uid).mapTo(Integer.class).one() == 1;
            if (taken) {
                throw new StoreException(StoreException.Reason.DUPLICATE, "folder " + uid + " already exists");
            }
            h.createUpdate("INSERT INTO sm_subfolders (" + COLUMNS + ") VALUES (:uid, :shared, :parent, :key, :data,"
                            + " :now, :now)")
                    .bind("uid", uid)
                    .bind("shared", sharedFolderUid)
                    .bind("parent", parentUid.orElse(null))
                    .bind("key", encryptedFolderKey)
                    .bind("data", encryptedData)
                    .bind("now", now.toEpochMilli())
                    .execute();
            return new SubFolder(uid, sharedFolderUid, parentUid, encryptedFolderKey, encryptedData, now, now);
        });
    }

    public Optional<SubFolder> get(String uid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM sm_subfolders WHERE uid = :uid")
                .bind("uid", uid)
                .map(SubFolderRepository::map)
                .findOne());
    }

    /** The sub-folders of the given shared folders, by shared folder and UID. */
    public List<SubFolder> listIn(Collection<String> sharedFolderUids) {
        if (sharedFolderUids.isEmpty()) {
            return List.of();
        }
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM sm_subfolders WHERE shared_folder_uid IN"
                        + " (<shared>) ORDER BY shared_folder_uid, created_at, uid")
                .bindList("shared", List.copyOf(sharedFolderUids))
                .map(SubFolderRepository::map)
                .list());
    }

    /** Replaces a sub-folder's encrypted name; returns whether it exists. */
    public boolean rename(String uid, byte[] encryptedData) {
        return tx.write(h -> h.createUpdate("UPDATE sm_subfolders SET encrypted_data = :data, updated_at = :now"
                        + " WHERE uid = :uid")
                .bind("data", encryptedData)
                .bind("now", clock.millis())
                .bind("uid", uid)
                .execute() > 0);
    }

    /** The UIDs of the sub-folder and every sub-folder below it, the sub-folder itself first. */
    public List<String> subtree(String uid) {
        return tx.read(h -> h.createQuery("WITH RECURSIVE tree(uid) AS (SELECT uid FROM sm_subfolders WHERE uid = :uid"
                        + " UNION ALL SELECT s.uid FROM sm_subfolders s JOIN tree t ON s.parent_uid = t.uid)"
                        + " SELECT uid FROM tree")
                .bind("uid", uid)
                .mapTo(String.class)
                .list());
    }

    /** The live records placed in any of the given sub-folders. */
    public List<String> liveRecordsIn(Collection<String> subFolderUids) {
        if (subFolderUids.isEmpty()) {
            return List.of();
        }
        return tx.read(h -> h.createQuery("SELECT s.record_uid FROM sm_record_subfolders s JOIN records r"
                        + " ON r.uid = s.record_uid AND r.deleted = FALSE WHERE s.subfolder_uid IN (<folders>)"
                        + " ORDER BY s.record_uid")
                .bindList("folders", List.copyOf(subFolderUids))
                .mapTo(String.class)
                .list());
    }

    /** Whether the sub-folder has a sub-folder or a live record in it. */
    public boolean hasContent(String uid) {
        return tx.read(h -> h.createQuery("SELECT CASE WHEN EXISTS (SELECT 1 FROM sm_subfolders WHERE parent_uid = :uid)"
                        + " OR EXISTS (SELECT 1 FROM sm_record_subfolders s JOIN records r ON r.uid = s.record_uid"
                        + " AND r.deleted = FALSE WHERE s.subfolder_uid = :uid) THEN 1 ELSE 0 END")
                .bind("uid", uid)
                .mapTo(Integer.class)
                .one() == 1);
    }

    /** Deletes the sub-folder and (by cascade) the sub-folders below it and their record placements. */
    public boolean delete(String uid) {
        return tx.write(h -> h.createUpdate("DELETE FROM sm_subfolders WHERE uid = :uid").bind("uid", uid)
                .execute() > 0);
    }

    /** Puts a record into a sub-folder (replacing its placement). */
    public void place(String recordUid, String subFolderUid) {
        tx.write(h -> h.createUpdate("INSERT INTO sm_record_subfolders (record_uid, subfolder_uid) VALUES (:record,"
                        + " :folder) ON CONFLICT (record_uid) DO UPDATE SET subfolder_uid = excluded.subfolder_uid")
                .bind("record", recordUid)
                .bind("folder", subFolderUid)
                .execute());
    }

    /** Takes a record out of whatever sub-folder it is in (back to its shared folder's root); returns whether it was in one. */
    public boolean unplace(String recordUid) {
        return tx.write(h -> h.createUpdate("DELETE FROM sm_record_subfolders WHERE record_uid = :record")
                .bind("record", recordUid)
                .execute() > 0);
    }

    /** The sub-folder a record is placed in, if any. */
    public Optional<String> placementOf(String recordUid) {
        return tx.read(h -> h.createQuery("SELECT subfolder_uid FROM sm_record_subfolders WHERE record_uid = :record")
                .bind("record", recordUid)
                .mapTo(String.class)
                .findOne());
    }

    /** Record UID → the sub-folder it is placed in, for every placement inside the given shared folders. */
    public Map<String, String> placementsIn(Collection<String> sharedFolderUids) {
        if (sharedFolderUids.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        tx.read(h -> h.createQuery("SELECT s.record_uid, s.subfolder_uid FROM sm_record_subfolders s"
                        + " JOIN sm_subfolders f ON f.uid = s.subfolder_uid WHERE f.shared_folder_uid IN (<shared>)"
                        + " ORDER BY s.record_uid")
                .bindList("shared", List.copyOf(sharedFolderUids))
                .map((rs, ctx) -> Map.entry(rs.getString("record_uid"), rs.getString("subfolder_uid")))
                .list())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static SubFolder map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SubFolder(rs.getString("uid"), rs.getString("shared_folder_uid"),
                Optional.ofNullable(rs.getString("parent_uid")), rs.getBytes("encrypted_folder_key"),
                rs.getBytes("encrypted_data"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
