package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Secrets Manager clients of applications ({@code devices}): devices and gateways, found by client id. The device's
 * public key is bound once, by a conditional update, so of two racing first requests exactly one binds.
 */
public final class DeviceRepository {

    private static final String COLUMNS = "client_id, app_uid, kind, name, public_key, encrypted_app_key, lock_ip,"
            + " locked_ip, first_access_expires_at, access_expires_at, created_at, last_seen_at";

    private final Transactions tx;
    private final Clock clock;

    public DeviceRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Adds an unbound device.
     *
     * @throws StoreException {@code DUPLICATE} when the client id exists
     */
    public Device insert(String clientId, String appUid, DeviceKind kind, String name, byte[] encryptedAppKey,
            boolean lockIp, Optional<Instant> firstAccessExpiresAt, Optional<Instant> accessExpiresAt) {
        Instant now = Rows.now(clock);
        return tx.write(h -> {
            if (find(h, clientId).isPresent()) {
                throw new StoreException(StoreException.Reason.DUPLICATE, "a client with this id already exists");
            }
            h.createUpdate("INSERT INTO devices (" + COLUMNS + ") VALUES (:id, :app, :kind, :name, NULL, :key, :lockIp,"
                            + " NULL, :first, :access, :now, NULL)")
                    .bind("id", clientId)
                    .bind("app", appUid)
                    .bind("kind", Rows.db(kind))
                    .bind("name", name)
                    .bind("key", encryptedAppKey)
                    .bind("lockIp", lockIp)
                    .bind("first", Rows.millis(firstAccessExpiresAt))
                    .bind("access", Rows.millis(accessExpiresAt))
                    .bind("now", now.toEpochMilli())
                    .execute();
            return find(h, clientId).orElseThrow();
        });
    }

    public Optional<Device> get(String clientId) {
        return tx.read(h -> find(h, clientId));
    }

    /**
     * A device and the store's {@link DataEpoch} read by one statement, so at one moment: the device API's first
     * read of every request.
     */
    public Optional<Seen> getWithDataEpoch(String clientId) {
        return tx.readStatement(h -> h.createQuery("SELECT " + COLUMNS + ", " + DataEpoch.VALUE_SQL
                        + " AS data_epoch FROM devices WHERE client_id = :id")
                .bind("id", clientId)
                .map((rs, ctx) -> new Seen(map(rs, ctx), rs.getLong("data_epoch")))
                .findOne());
    }

    /** A device as read together with the data epoch of the same moment. */
    public record Seen(Device device, long dataEpoch) {
    }

    /** The application's devices and gateways, by creation time. */
    public List<Device> listByApp(String appUid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM devices WHERE app_uid = :app"
                        + " ORDER BY created_at, client_id")
                .bind("app", appUid)
                .map(DeviceRepository::map)
                .list());
    }

    /**
     * Binds the device's public key (and, with {@code lockedIp}, the address it is locked to) if it has none yet.
     *
     * @return true when this call bound it; false when the device is gone or was already bound
     */
    public boolean bind(String clientId, byte[] publicKey, Optional<String> lockedIp) {
        return tx.write(h -> h.createUpdate("UPDATE devices SET public_key = :key, locked_ip = :ip, last_seen_at = :now"
                        + " WHERE client_id = :id AND public_key IS NULL")
                .bind("key", publicKey)
                .bind("ip", lockedIp.orElse(null))
                .bind("now", clock.millis())
                .bind("id", clientId)
                .execute() == 1);
    }

    /** Records a request of the device at {@code at} (never moves last_seen_at backwards). */
    public void touch(String clientId, Instant at) {
        tx.write(h -> h.createUpdate("UPDATE devices SET last_seen_at = :at WHERE client_id = :id"
                        + " AND (last_seen_at IS NULL OR last_seen_at < :at)")
                .bind("at", at.toEpochMilli())
                .bind("id", clientId)
                .execute());
    }

    /** Removes a device; returns whether there was one. */
    public boolean delete(String clientId) {
        return tx.write(h -> h.createUpdate("DELETE FROM devices WHERE client_id = :id").bind("id", clientId)
                .execute() > 0);
    }

    private static Optional<Device> find(org.jdbi.v3.core.Handle h, String clientId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM devices WHERE client_id = :id")
                .bind("id", clientId)
                .map(DeviceRepository::map)
                .findOne();
    }

    private static Device map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Device(rs.getString("client_id"), rs.getString("app_uid"),
                Rows.fromDb(DeviceKind.class, rs.getString("kind")), rs.getString("name"),
                Optional.ofNullable(rs.getBytes("public_key")), rs.getBytes("encrypted_app_key"),
                rs.getBoolean("lock_ip"), Optional.ofNullable(rs.getString("locked_ip")),
                Rows.optionalInstant(rs, "first_access_expires_at"), Rows.optionalInstant(rs, "access_expires_at"),
                Rows.instant(rs, "created_at"), Rows.optionalInstant(rs, "last_seen_at"));
    }
}
