package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Folder keys per member ({@code folder_keys} rows): the wrapped folder key and, for shared folders, the member's
 * permissions. Members are users (kind {@code user}) or teams (kind {@code team}, the folder key sealed to the team's
 * public key). For a shared folder these rows are its membership list. {@link #effective} merges the paths by which a
 * user reaches a folder: their own row and the rows of the teams whose key they hold.
 */
public final class FolderMemberRepository {

    private static final String COLUMNS = "folder_uid, member_uid, encrypted_folder_key, manage_records, manage_users,"
            + " can_edit, can_share, created_at";

    private final Transactions tx;
    private final Clock clock;

    public FolderMemberRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** Adds the member, or replaces the wrapped key and permissions of an existing one (keeping its created_at). */
    public FolderMember put(String folderUid, String userUid, byte[] encryptedFolderKey, boolean manageRecords,
            boolean manageUsers, boolean canEdit, boolean canShare) {
        Instant now = Rows.now(clock);
        tx.write(h -> h.createUpdate("INSERT INTO folder_keys (folder_uid, member_kind, member_uid,"
                        + " encrypted_folder_key, manage_records, manage_users, can_edit, can_share, created_at)"
                        + " VALUES (:folder, 'user', :user, :key, :manageRecords, :manageUsers, :canEdit, :canShare,"
                        + " :now) ON CONFLICT (folder_uid, member_kind, member_uid) DO UPDATE"
                        + " SET encrypted_folder_key = excluded.encrypted_folder_key,"
                        + " manage_records = excluded.manage_records, manage_users = excluded.manage_users,"
                        + " can_edit = excluded.can_edit, can_share = excluded.can_share")
                .bind("folder", folderUid)
                .bind("user", userUid)
                .bind("key", encryptedFolderKey)
                .bind("manageRecords", manageRecords)
                .bind("manageUsers", manageUsers)
                .bind("canEdit", canEdit)
                .bind("canShare", canShare)
                .bind("now", now.toEpochMilli())
                .execute());
        return new FolderMember(folderUid, userUid, encryptedFolderKey, manageRecords, manageUsers, canEdit, canShare,
                now);
    }

    public Optional<FolderMember> get(String folderUid, String userUid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM folder_keys WHERE folder_uid = :folder"
                        + " AND member_kind = 'user' AND member_uid = :user")
                .bind("folder", folderUid)
                .bind("user", userUid)
                .map(FolderMemberRepository::map)
                .findOne());
    }

    /** The folder's user members, ordered by user UID. */
    public List<FolderMember> list(String folderUid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM folder_keys WHERE folder_uid = :folder"
                        + " AND member_kind = 'user' ORDER BY member_uid")
                .bind("folder", folderUid)
                .map(FolderMemberRepository::map)
                .list());
    }

    /** Removes a member; returns whether there was one. */
    public boolean delete(String folderUid, String userUid) {
        return tx.write(h -> h.createUpdate("DELETE FROM folder_keys WHERE folder_uid = :folder"
                        + " AND member_kind = 'user' AND member_uid = :user")
                .bind("folder", folderUid)
                .bind("user", userUid)
                .execute() > 0);
    }

    /** Adds a team as a member, or replaces the sealed key and permissions of the team's existing row. */
    public void putTeam(String folderUid, String teamUid, byte[] encryptedFolderKey, boolean manageRecords,
            boolean manageUsers, boolean canEdit, boolean canShare) {
        Instant now = Rows.now(clock);
        tx.write(h -> h.createUpdate("INSERT INTO folder_keys (folder_uid, member_kind, member_uid,"
                        + " encrypted_folder_key, manage_records, manage_users, can_edit, can_share, created_at)"
                        + " VALUES (:folder, 'team', :team, :key, :manageRecords, :manageUsers, :canEdit, :canShare,"
                        + " :now) ON CONFLICT (folder_uid, member_kind, member_uid) DO UPDATE"
                        + " SET encrypted_folder_key = excluded.encrypted_folder_key,"
                        + " manage_records = excluded.manage_records, manage_users = excluded.manage_users,"
                        + " can_edit = excluded.can_edit, can_share = excluded.can_share")
                .bind("folder", folderUid)
                .bind("team", teamUid)
                .bind("key", encryptedFolderKey)
                .bind("manageRecords", manageRecords)
                .bind("manageUsers", manageUsers)
                .bind("canEdit", canEdit)
                .bind("canShare", canShare)
                .bind("now", now.toEpochMilli())
                .execute());
    }

    /** Removes a team from a folder; returns whether it was a member. */
    public boolean deleteTeam(String folderUid, String teamUid) {
        return tx.write(h -> h.createUpdate("DELETE FROM folder_keys WHERE folder_uid = :folder"
                        + " AND member_kind = 'team' AND member_uid = :team")
                .bind("folder", folderUid)
                .bind("team", teamUid)
                .execute() > 0);
    }

    /**
     * How {@code userUid} reaches a folder, merged over their own row and the rows of teams whose key they hold
     * (pending team memberships count for nothing): the permissions are the union; the key is the user's own row's
     * when there is one, else a team row's (sealed to that team). Empty when the user reaches the folder no way.
     */
    public Optional<FolderMember> effective(String folderUid, String userUid) {
        List<FolderMember> rows = tx.read(h -> h.createQuery("SELECT " + COLUMNS + ", member_kind FROM folder_keys"
                        + " WHERE folder_uid = :folder AND (" + VaultViewRepository.REACHES + ")"
                        + " ORDER BY CASE WHEN member_kind = 'user' THEN 0 ELSE 1 END, member_uid")
                .bind("folder", folderUid)
                .bind("user", userUid)
                .map(FolderMemberRepository::map)
                .list());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        FolderMember first = rows.get(0);
        boolean manageRecords = false;
        boolean manageUsers = false;
        boolean canEdit = false;
        boolean canShare = false;
        for (FolderMember row : rows) {
            manageRecords |= row.manageRecords();
            manageUsers |= row.manageUsers();
            canEdit |= row.canEdit();
            canShare |= row.canShare();
        }
        return Optional.of(new FolderMember(folderUid, userUid, first.encryptedFolderKey(), manageRecords, manageUsers,
                canEdit, canShare, first.createdAt()));
    }

    private static FolderMember map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new FolderMember(rs.getString("folder_uid"), rs.getString("member_uid"),
                rs.getBytes("encrypted_folder_key"), rs.getBoolean("manage_records"), rs.getBoolean("manage_users"),
                rs.getBoolean("can_edit"), rs.getBoolean("can_share"), Rows.instant(rs, "created_at"));
    }
}
