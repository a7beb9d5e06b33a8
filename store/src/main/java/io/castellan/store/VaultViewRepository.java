package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * What one user can see of the vault, answered with set-based queries (a fixed number of statements however many
 * records the user has): the records the user reaches and how ({@link RecordGrant}), their links and attachment
 * metadata, the user's folders, and the members of the shared folders the user manages.
 *
 * <p>A user reaches a live (not deleted) record through an unexpired {@code user} key row of theirs (the owner's own
 * key, or a direct share) or through a shared folder the record is filed in, when the user is a member of that folder
 * and the folder holds the record's key. Expired key rows are ignored here even before the sweeper deletes them.
 */
public final class VaultViewRepository {

    private static final String RECORD_COLUMNS = "r.uid, r.owner_uid, r.folder_uid, r.revision, r.encrypted_data,"
            + " r.created_at, r.updated_at, r.deleted";

    /** Records reached through the user's own key rows. */
    private static final String VIA_USER = "FROM record_keys k JOIN records r ON r.uid = k.record_uid"
            + " WHERE k.holder_kind = 'user' AND k.holder_uid = :user AND (k.expires_at IS NULL OR k.expires_at > :now)"
            + " AND r.deleted = FALSE";

    /**
     * The {@code folder_keys} rows (unqualified columns) through which {@code :user} reaches a folder: their own, and
     * those of the teams whose key they hold. A pending team membership (no team key yet) reaches nothing, since the
     * member could not open the folder key anyway.
     */
    static final String REACHES = "(member_kind = 'user' AND member_uid = :user) OR (member_kind = 'team'"
            + " AND member_uid IN (SELECT tm.team_uid FROM team_members tm WHERE tm.user_uid = :user"
            + " AND tm.encrypted_team_key IS NOT NULL))";

    /** As {@link #REACHES}, for rows named {@code fk}. */
    private static final String FK_REACHES = "((fk.member_kind = 'user' AND fk.member_uid = :user)"
            + " OR (fk.member_kind = 'team' AND fk.member_uid IN (SELECT tm.team_uid FROM team_members tm"
            + " WHERE tm.user_uid = :user AND tm.encrypted_team_key IS NOT NULL)))";

    /** Records reached through membership (own or through a team) of a shared folder that holds the record's key. */
    private static final String VIA_FOLDER = "FROM folder_keys fk"
            + " JOIN folders f ON f.uid = fk.folder_uid AND f.kind = 'shared'"
            + " JOIN records r ON r.folder_uid = f.uid AND r.deleted = FALSE"
            + " JOIN record_keys k ON k.record_uid = r.uid AND k.holder_kind = 'folder' AND k.holder_uid = f.uid"
            + " WHERE " + FK_REACHES;

    /** The UIDs of every record the user reaches. */
    private static final String VISIBLE_UIDS = "SELECT r.uid " + VIA_USER + " UNION SELECT r.uid " + VIA_FOLDER;

    private final Transactions tx;

    public VaultViewRepository(Transactions tx) {
        this.tx = tx;
    }

    /** Every grant through which {@code userUid} reaches a live record, ordered by record UID. */
    public List<RecordGrant> grants(String userUid, Instant now) {
        return tx.read(h -> grants(h, userUid, null, now));
    }

    /** The grants through which {@code userUid} reaches the live record {@code recordUid} (empty: not visible). */
    public List<RecordGrant> grants(String userUid, String recordUid, Instant now) {
        return tx.read(h -> grants(h, userUid, recordUid, now));
    }

    private static List<RecordGrant> grants(Handle h, String userUid, String recordUid, Instant now) {
        String onlyOne = recordUid == null ? "" : " AND r.uid = :record";
        String sql = "SELECT " + RECORD_COLUMNS + ", 'user' AS via, k.encrypted_record_key, k.can_edit, k.can_share,"
                + " 0 AS manage_records, k.expires_at " + VIA_USER + onlyOne
                + " UNION ALL SELECT " + RECORD_COLUMNS + ", 'folder' AS via, k.encrypted_record_key, fk.can_edit,"
                + " fk.can_share, CASE WHEN fk.manage_records THEN 1 ELSE 0 END AS manage_records,"
                + " NULL AS expires_at " + VIA_FOLDER + onlyOne
                + " ORDER BY 1";
        Query query = h.createQuery(sql).bind("user", userUid).bind("now", now.toEpochMilli());
        if (recordUid != null) {
            query.bind("record", recordUid);
        }
        return query.map(VaultViewRepository::grant).list();
    }

    /** The links of every record the user reaches (the linked records may well be invisible to the user). */
    public List<RecordLink> visibleLinks(String userUid, Instant now) {
        return tx.read(h -> h.createQuery("SELECT l.resource_uid, l.link_kind, l.linked_uid FROM record_links l"
                        + " WHERE l.resource_uid IN (" + VISIBLE_UIDS + ") ORDER BY l.resource_uid, l.link_kind,"
                        + " l.linked_uid")
                .bind("user", userUid)
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> new RecordLink(rs.getString("resource_uid"), rs.getString("link_kind"),
                        rs.getString("linked_uid")))
                .list());
    }

    /** The attachment metadata (not bytes) of every record the user reaches. */
    public List<StoredAttachment> visibleAttachments(String userUid, Instant now) {
        return tx.read(h -> h.createQuery("SELECT " + AttachmentRepository.META_COLUMNS + " FROM attachments"
                        + " WHERE record_uid IN (" + VISIBLE_UIDS + ") ORDER BY record_uid, uid")
                .bind("user", userUid)
                .bind("now", now.toEpochMilli())
                .map(AttachmentRepository::map)
                .list());
    }

    /** The folders the user holds a key row for (the user's own folders, and shared folders the user is in). */
    public List<FolderGrant> folders(String userUid) {
        return tx.read(h -> h.createQuery("SELECT f.uid, f.kind, f.owner_uid, f.parent_uid, f.encrypted_data,"
                        + " f.created_at, f.updated_at, fk.encrypted_folder_key, fk.manage_records, fk.manage_users,"
                        + " fk.can_edit, fk.can_share, fk.created_at AS member_since"
                        + " FROM folder_keys fk JOIN folders f ON f.uid = fk.folder_uid"
                        + " WHERE fk.member_kind = 'user' AND fk.member_uid = :user ORDER BY f.uid")
                .bind("user", userUid)
                .map((rs, ctx) -> {
                    StoredFolder folder = new StoredFolder(rs.getString("uid"),
                            Rows.fromDb(FolderKind.class, rs.getString("kind")), rs.getString("owner_uid"),
                            Optional.ofNullable(rs.getString("parent_uid")), rs.getBytes("encrypted_data"),
                            Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
                    FolderMember member = new FolderMember(folder.uid(), userUid, rs.getBytes("encrypted_folder_key"),
                            rs.getBoolean("manage_records"), rs.getBoolean("manage_users"), rs.getBoolean("can_edit"),
                            rs.getBoolean("can_share"), Rows.instant(rs, "member_since"));
                    return new FolderGrant(folder, member);
                })
                .list());
    }

    /**
     * The shared folders the user reaches through teams whose key they hold, one entry per (folder, team), with the
     * team's row (the folder key sealed to the team). The user may reach the same folder directly as well.
     */
    public List<TeamFolderGrant> teamFolders(String userUid) {
        return tx.read(h -> h.createQuery("SELECT f.uid, f.kind, f.owner_uid, f.parent_uid, f.encrypted_data,"
                        + " f.created_at, f.updated_at, fk.member_uid AS team_uid, fk.encrypted_folder_key,"
                        + " fk.manage_records, fk.manage_users, fk.can_edit, fk.can_share, fk.created_at AS member_since"
                        + " FROM folder_keys fk JOIN folders f ON f.uid = fk.folder_uid AND f.kind = 'shared'"
                        + " JOIN team_members tm ON tm.team_uid = fk.member_uid AND tm.user_uid = :user"
                        + " AND tm.encrypted_team_key IS NOT NULL"
                        + " WHERE fk.member_kind = 'team' ORDER BY f.uid, fk.member_uid")
                .bind("user", userUid)
                .map((rs, ctx) -> {
                    StoredFolder folder = new StoredFolder(rs.getString("uid"),
                            Rows.fromDb(FolderKind.class, rs.getString("kind")), rs.getString("owner_uid"),
                            Optional.ofNullable(rs.getString("parent_uid")), rs.getBytes("encrypted_data"),
                            Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
                    FolderMember member = new FolderMember(folder.uid(), userUid, rs.getBytes("encrypted_folder_key"),
                            rs.getBoolean("manage_records"), rs.getBoolean("manage_users"), rs.getBoolean("can_edit"),
                            rs.getBoolean("can_share"), Rows.instant(rs, "member_since"));
                    return new TeamFolderGrant(new FolderGrant(folder, member), rs.getString("team_uid"));
                })
                .list());
    }

    /** The shared folders in which the user may manage users (directly or through a team). */
    private static final String MANAGED_FOLDERS = "SELECT fk.folder_uid FROM folder_keys fk"
            + " JOIN folders f ON f.uid = fk.folder_uid AND f.kind = 'shared'"
            + " WHERE fk.manage_users = TRUE AND " + FK_REACHES;

    /** The teams that are members of the shared folders in which the user may manage users, by folder and name. */
    public List<SharedFolderTeam> teamsOfManagedFolders(String userUid) {
        return tx.read(h -> h.createQuery("SELECT m.folder_uid, m.member_uid, t.name, m.manage_records,"
                        + " m.manage_users, m.can_edit, m.can_share FROM folder_keys m JOIN teams t ON t.uid = m.member_uid"
                        + " WHERE m.member_kind = 'team' AND m.folder_uid IN (" + MANAGED_FOLDERS + ")"
                        + " ORDER BY m.folder_uid, t.name")
                .bind("user", userUid)
                .map((rs, ctx) -> new SharedFolderTeam(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7)))
                .list());
    }

    /** The members (with e-mails) of every shared folder in which the user may manage users. */
    public List<SharedFolderMember> membersOfManagedFolders(String userUid) {
        return tx.read(h -> h.createQuery("SELECT fk.folder_uid, fk.member_uid, fk.encrypted_folder_key,"
                        + " fk.manage_records, fk.manage_users, fk.can_edit, fk.can_share, fk.created_at, u.email"
                        + " FROM folder_keys fk JOIN users u ON u.uid = fk.member_uid"
                        + " WHERE fk.member_kind = 'user' AND fk.folder_uid IN (" + MANAGED_FOLDERS + ")"
                        + " ORDER BY fk.folder_uid, u.email")
                .bind("user", userUid)
                .map((rs, ctx) -> new SharedFolderMember(new FolderMember(rs.getString("folder_uid"),
                        rs.getString("member_uid"), rs.getBytes("encrypted_folder_key"),
                        rs.getBoolean("manage_records"), rs.getBoolean("manage_users"), rs.getBoolean("can_edit"),
                        rs.getBoolean("can_share"), Rows.instant(rs, "created_at")), rs.getString("email")))
                .list());
    }

    private static RecordGrant grant(ResultSet rs, StatementContext ctx) throws SQLException {
        StoredRecord record = new StoredRecord(rs.getString("uid"), rs.getString("owner_uid"),
                Optional.ofNullable(rs.getString("folder_uid")), rs.getLong("revision"), rs.getBytes("encrypted_data"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"), rs.getBoolean("deleted"));
        return new RecordGrant(record, Rows.fromDb(HolderKind.class, rs.getString("via")),
                rs.getBytes("encrypted_record_key"), rs.getBoolean("can_edit"), rs.getBoolean("can_share"),
                rs.getInt("manage_records") == 1, Rows.optionalInstant(rs, "expires_at"));
    }
}
