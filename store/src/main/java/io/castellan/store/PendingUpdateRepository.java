package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Rotation transactions of Secrets Manager devices ({@code sm_pending_updates}): at most one per record, holding new
 * record data that is not yet the record's current data. Each method runs in its own transaction or joins the
 * caller's.
 */
public final class PendingUpdateRepository {

    private static final String COLUMNS = "record_uid, app_uid, client_id, base_revision, encrypted_data, created_at,"
            + " updated_at";

    private final Transactions tx;
    private final Clock clock;

    public PendingUpdateRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** Opens the record's rotation, or replaces the data, device and base revision of the open one. */
    public PendingUpdate put(String recordUid, String appUid, String clientId, long baseRevision,
            byte[] encryptedData) {
        Instant now = Rows.now(clock);
        tx.write(h -> h.createUpdate("INSERT INTO sm_pending_updates (" + COLUMNS + ") VALUES (:record, :app,"
                        + " :client, :base, :data, :now, :now) ON CONFLICT (record_uid) DO UPDATE"
                        + " SET app_uid = excluded.app_uid, client_id = excluded.client_id,"
                        + " base_revision = excluded.base_revision, encrypted_data = excluded.encrypted_data,"
                        + " updated_at = excluded.updated_at")
                .bind("record", recordUid)
                .bind("app", appUid)
                .bind("client", clientId)
                .bind("base", baseRevision)
                .bind("data", encryptedData)
                .bind("now", now.toEpochMilli())
                .execute());
        return get(recordUid).orElseThrow();
    }

    public Optional<PendingUpdate> get(String recordUid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM sm_pending_updates WHERE record_uid = :record")
                .bind("record", recordUid)
                .map(PendingUpdateRepository::map)
                .findOne());
    }

    /** Ends the record's rotation (committed or discarded); returns whether one was open. */
    public boolean delete(String recordUid) {
        return tx.write(h -> h.createUpdate("DELETE FROM sm_pending_updates WHERE record_uid = :record")
                .bind("record", recordUid)
                .execute() > 0);
    }

    private static PendingUpdate map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new PendingUpdate(rs.getString("record_uid"), rs.getString("app_uid"), rs.getString("client_id"),
                rs.getLong("base_revision"), rs.getBytes("encrypted_data"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
