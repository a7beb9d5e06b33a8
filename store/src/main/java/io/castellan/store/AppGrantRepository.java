package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * What applications may read ({@code app_grants}): one row per application and record or shared folder, with that
 * record's or folder's key wrapped with the app key. Each method runs in its own transaction or joins the caller's.
 */
public final class AppGrantRepository {

    private static final String COLUMNS = "app_uid, subject_uid, kind, encrypted_key, editable, folder_data, created_at";

    private final Transactions tx;
    private final Clock clock;

    public AppGrantRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** Adds the grant, or replaces the wrapped key, kind, edit right and folder data of an existing one. */
    public AppGrant put(String appUid, String subjectUid, AppGrantKind kind, byte[] encryptedKey, boolean editable,
            Optional<byte[]> folderData) {
        Instant now = Rows.now(clock);
        tx.write(h -> h.createUpdate("INSERT INTO app_grants (" + COLUMNS + ") VALUES (:app, :subject, :kind, :key,"
                        + " :editable, :folderData, :now) ON CONFLICT (app_uid, subject_uid) DO UPDATE"
                        + " SET kind = excluded.kind, encrypted_key = excluded.encrypted_key,"
                        + " editable = excluded.editable, folder_data = excluded.folder_data")
                .bind("app", appUid)
                .bind("subject", subjectUid)
                .bind("kind", Rows.db(kind))
                .bind("key", encryptedKey)
                .bind("editable", editable)
                .bind("folderData", folderData.orElse(null))
                .bind("now", now.toEpochMilli())
                .execute());
        return get(appUid, subjectUid).orElseThrow();
    }

    public Optional<AppGrant> get(String appUid, String subjectUid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM app_grants WHERE app_uid = :app"
                        + " AND subject_uid = :subject")
                .bind("app", appUid)
                .bind("subject", subjectUid)
                .map(AppGrantRepository::map)
                .findOne());
    }

    /** The application's grants, by subject UID. */
    public List<AppGrant> list(String appUid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM app_grants WHERE app_uid = :app"
                        + " ORDER BY subject_uid")
                .bind("app", appUid)
                .map(AppGrantRepository::map)
                .list());
    }

    /** Removes a grant; returns whether there was one. */
    public boolean delete(String appUid, String subjectUid) {
        return tx.write(h -> h.createUpdate("DELETE FROM app_grants WHERE app_uid = :app AND subject_uid = :subject")
                .bind("app", appUid)
                .bind("subject", subjectUid)
                .execute() > 0);
    }

    static AppGrant map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AppGrant(rs.getString("app_uid"), rs.getString("subject_uid"),
                Rows.fromDb(AppGrantKind.class, rs.getString("kind")), rs.getBytes("encrypted_key"),
                rs.getBoolean("editable"), Optional.ofNullable(rs.getBytes("folder_data")),
                Rows.instant(rs, "created_at"));
    }
}
