package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Secrets Manager applications and the users they are shared with ({@code applications}, {@code app_members}).
 * Deleting an application deletes its grants, devices, members, pending rotations and upload tokens (foreign-key
 * cascades). Each method runs in its own transaction or joins the caller's (see {@link Transactions}).
 */
public final class ApplicationRepository {

    private static final String COLUMNS = "uid, owner_uid, encrypted_app_key, encrypted_app_data, created_at, updated_at";
    private static final String MEMBER_COLUMNS = "app_uid, user_uid, role, encrypted_app_key, created_at";

    private final Transactions tx;
    private final Clock clock;

    public ApplicationRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Inserts an application.
     *
     * @throws StoreException {@code DUPLICATE} when the UID exists
     */
    public StoredApplication insert(String uid, String ownerUid, byte[] encryptedAppKey, byte[] encryptedAppData) {
        Instant now = Rows.now(clock);
        return tx.write(h -> {
            if (find(h, uid).isPresent()) {
                throw new StoreException(StoreException.Reason.DUPLICATE, "application " + uid + " already exists");
            }
            h.createUpdate("INSERT INTO applications (" + COLUMNS + ") VALUES (:uid, :owner, :key, :data, :now, :now)")
                    .bind("uid", uid)
                    .bind("owner", ownerUid)
                    .bind("key", encryptedAppKey)
                    .bind("data", encryptedAppData)
                    .bind("now", now.toEpochMilli())
                    .execute();
            return new StoredApplication(uid, ownerUid, encryptedAppKey, encryptedAppData, now, now);
        });
    }

    public Optional<StoredApplication> get(String uid) {
        return tx.read(h -> find(h, uid));
    }

    /** Deletes the application and (by cascade) everything that belongs to it; returns whether it existed. */
    public boolean delete(String uid) {
        return tx.write(h -> h.createUpdate("DELETE FROM applications WHERE uid = :uid").bind("uid", uid).execute() > 0);
    }

    /** The application as {@code userUid} sees it: owned or shared with them; empty when neither. */
    public Optional<VisibleApplication> visible(String uid, String userUid) {
        return tx.read(h -> {
            Optional<StoredApplication> app = find(h, uid);
            if (app.isEmpty()) {
                return Optional.empty();
            }
            if (app.get().ownerUid().equals(userUid)) {
                return Optional.of(new VisibleApplication(app.get(), Optional.empty()));
            }
            return member(uid, userUid).map(m -> new VisibleApplication(app.get(), Optional.of(m)));
        });
    }

    /** Every application {@code userUid} owns or is a member of, by UID. */
    public List<VisibleApplication> listVisible(String userUid) {
        return tx.read(h -> h.createQuery("SELECT a.uid, a.owner_uid, a.encrypted_app_key, a.encrypted_app_data,"
                        + " a.created_at, a.updated_at, m.role, m.encrypted_app_key AS member_key,"
                        + " m.created_at AS member_since FROM applications a LEFT JOIN app_members m"
                        + " ON m.app_uid = a.uid AND m.user_uid = :user"
                        + " WHERE a.owner_uid = :user OR m.user_uid IS NOT NULL ORDER BY a.uid")
                .bind("user", userUid)
                .map((rs, ctx) -> {
                    StoredApplication app = map(rs, ctx);
                    String role = rs.getString("role");
                    if (app.ownerUid().equals(userUid) || role == null) {
                        return new VisibleApplication(app, Optional.empty());
                    }
                    return new VisibleApplication(app, Optional.of(new AppMember(app.uid(), userUid,
                            Rows.fromDb(AppRole.class, role), rs.getBytes("member_key"),
                            Rows.instant(rs, "member_since"))));
                })
                .list());
    }

    /** Adds a member, or replaces the role and sealed key of an existing one (keeping its created_at). */
    public AppMember putMember(String appUid, String userUid, AppRole role, byte[] encryptedAppKey) {
        Instant now = Rows.now(clock);
        tx.write(h -> h.createUpdate("INSERT INTO app_members (" + MEMBER_COLUMNS + ") VALUES (:app, :user, :role,"
                        + " :key, :now) ON CONFLICT (app_uid, user_uid) DO UPDATE SET role = excluded.role,"
                        + " encrypted_app_key = excluded.encrypted_app_key")
                .bind("app", appUid)
                .bind("user", userUid)
                .bind("role", Rows.db(role))
                .bind("key", encryptedAppKey)
                .bind("now", now.toEpochMilli())
                .execute());
        return member(appUid, userUid).orElseThrow();
    }

    public Optional<AppMember> member(String appUid, String userUid) {
        return tx.read(h -> h.createQuery("SELECT " + MEMBER_COLUMNS + " FROM app_members WHERE app_uid = :app"
                        + " AND user_uid = :user")
                .bind("app", appUid)
                .bind("user", userUid)
                .map(ApplicationRepository::mapMember)
                .findOne());
    }

    /** The members of an application with their e-mails, by e-mail. */
    public List<AppMemberView> members(String appUid) {
        return tx.read(h -> h.createQuery("SELECT m.app_uid, m.user_uid, m.role, m.encrypted_app_key, m.created_at,"
                        + " u.email FROM app_members m JOIN users u ON u.uid = m.user_uid WHERE m.app_uid = :app"
                        + " ORDER BY u.email")
                .bind("app", appUid)
                .map((rs, ctx) -> new AppMemberView(mapMember(rs, ctx), rs.getString("email")))
                .list());
    }

    /** Removes a member; returns whether there was one. */
    public boolean deleteMember(String appUid, String userUid) {
        return tx.write(h -> h.createUpdate("DELETE FROM app_members WHERE app_uid = :app AND user_uid = :user")
                .bind("app", appUid)
                .bind("user", userUid)
                .execute() > 0);
    }

    private static Optional<StoredApplication> find(org.jdbi.v3.core.Handle h, String uid) {
        return h.createQuery("SELECT " + COLUMNS + " FROM applications WHERE uid = :uid")
                .bind("uid", uid)
                .map(ApplicationRepository::map)
                .findOne();
    }

    private static StoredApplication map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredApplication(rs.getString("uid"), rs.getString("owner_uid"), rs.getBytes("encrypted_app_key"),
                rs.getBytes("encrypted_app_data"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    private static AppMember mapMember(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AppMember(rs.getString("app_uid"), rs.getString("user_uid"),
                Rows.fromDb(AppRole.class, rs.getString("role")), rs.getBytes("encrypted_app_key"),
                Rows.instant(rs, "created_at"));
    }
}
