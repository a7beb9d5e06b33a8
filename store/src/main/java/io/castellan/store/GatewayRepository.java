package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Gateways ({@code gateways}) and which server node holds each one's Router socket ({@code gateway_connections}).
 * A connection row is keyed by gateway and guarded by its connection id: a node only touches or removes the row of
 * the socket it holds, so a late close of an old socket cannot erase the row of the gateway's newer socket.
 */
public final class GatewayRepository {

    private static final String COLUMNS = "uid, client_id, app_uid, name, created_by, last_seen_at, created_at";
    private static final String CONNECTION_COLUMNS = "gateway_uid, node_id, connection_id, connected_at,"
            + " last_seen_at, version, remote_address, started_at";

    private final Transactions tx;
    private final Clock clock;

    public GatewayRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Adds a gateway for an existing device.
     *
     * @throws StoreException {@code DUPLICATE} when the UID or the client id is taken
     */
    public StoredGateway insert(String uid, String clientId, String appUid, String name, String createdBy) {
        long now = clock.millis();
        return tx.write(h -> {
            if (find(h, "uid", uid).isPresent() || find(h, "client_id", clientId).isPresent()) {
                throw new StoreException(StoreException.Reason.DUPLICATE, "a gateway with this UID or client exists");
            }
            h.createUpdate("INSERT INTO gateways (" + COLUMNS + ") VALUES (:uid, :client, :app, :name, :by, NULL,"
                            + " :now)")
                    .bind("uid", uid).bind("client", clientId).bind("app", appUid).bind("name", name)
                    .bind("by", createdBy).bind("now", now)
                    .execute();
            return find(h, "uid", uid).orElseThrow();
        });
    }

    public Optional<StoredGateway> get(String uid) {
        return tx.read(h -> find(h, "uid", uid));
    }

    public Optional<StoredGateway> byClientId(String clientId) {
        return tx.read(h -> find(h, "client_id", clientId));
    }

    /** The application's gateways, by creation time. */
    public List<StoredGateway> listByApp(String appUid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM gateways WHERE app_uid = :app"
                        + " ORDER BY created_at, uid")
                .bind("app", appUid)
                .map(GatewayRepository::map)
                .list());
    }

    /** Records that a node now holds the gateway's socket (replacing any older row). */
    public void connect(GatewayConnection c) {
        tx.write(h -> {
            h.createUpdate("DELETE FROM gateway_connections WHERE gateway_uid = :g").bind("g", c.gatewayUid())
                    .execute();
            h.createUpdate("INSERT INTO gateway_connections (" + CONNECTION_COLUMNS + ") VALUES (:g, :node, :conn,"
                            + " :at, :seen, :version, :addr, :started)")
                    .bind("g", c.gatewayUid()).bind("node", c.nodeId()).bind("conn", c.connectionId())
                    .bind("at", c.connectedAt().toEpochMilli()).bind("seen", c.lastSeenAt().toEpochMilli())
                    .bind("version", c.version()).bind("addr", c.remoteAddress().orElse(null))
                    .bind("started", c.startedAt().toEpochMilli())
                    .execute();
            return markSeen(h, c.gatewayUid(), c.lastSeenAt());
        });
    }

    /** A heartbeat of the socket {@code connectionId}; false when that socket's row is gone (replaced or removed). */
    public boolean touch(String gatewayUid, String connectionId, Instant at) {
        return tx.write(h -> {
            boolean mine = h.createUpdate("UPDATE gateway_connections SET last_seen_at = :at WHERE gateway_uid = :g"
                            + " AND connection_id = :conn")
                    .bind("at", at.toEpochMilli()).bind("g", gatewayUid).bind("conn", connectionId)
                    .execute() == 1;
            markSeen(h, gatewayUid, at);
            return mine;
        });
    }

    /** The socket {@code connectionId} closed; returns whether its row was still there. */
    public boolean disconnect(String gatewayUid, String connectionId, Instant at) {
        return tx.write(h -> {
            boolean mine = h.createUpdate("DELETE FROM gateway_connections WHERE gateway_uid = :g"
                            + " AND connection_id = :conn")
                    .bind("g", gatewayUid).bind("conn", connectionId)
                    .execute() == 1;
            markSeen(h, gatewayUid, at);
            return mine;
        });
    }

    /** Removes every connection row of a node (a node starting up clears what a crashed run of it left). */
    public int disconnectNode(String nodeId) {
        return tx.write(h -> h.createUpdate("DELETE FROM gateway_connections WHERE node_id = :node")
                .bind("node", nodeId).execute());
    }

    public Optional<GatewayConnection> connection(String gatewayUid) {
        return tx.read(h -> h.createQuery("SELECT " + CONNECTION_COLUMNS + " FROM gateway_connections"
                        + " WHERE gateway_uid = :g")
                .bind("g", gatewayUid)
                .map(GatewayRepository::mapConnection)
                .findOne());
    }

    /** Removes a gateway (its connection row goes with it); returns whether there was one. */
    public boolean delete(String uid) {
        return tx.write(h -> h.createUpdate("DELETE FROM gateways WHERE uid = :uid").bind("uid", uid).execute() > 0);
    }

    private static int markSeen(Handle h, String gatewayUid, Instant at) {
        return h.createUpdate("UPDATE gateways SET last_seen_at = :at WHERE uid = :g"
                        + " AND (last_seen_at IS NULL OR last_seen_at < :at)")
                .bind("at", at.toEpochMilli()).bind("g", gatewayUid).execute();
    }

    private static Optional<StoredGateway> find(Handle h, String column, String value) {
        return h.createQuery("SELECT " + COLUMNS + " FROM gateways WHERE " + column + " = :v")
                .bind("v", value)
                .map(GatewayRepository::map)
                .findOne();
    }

    private static StoredGateway map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredGateway(rs.getString("uid"), rs.getString("client_id"), rs.getString("app_uid"),
                rs.getString("name"), rs.getString("created_by"), Rows.instant(rs, "created_at"),
                Rows.optionalInstant(rs, "last_seen_at"));
    }

    private static GatewayConnection mapConnection(ResultSet rs, StatementContext ctx) throws SQLException {
        return new GatewayConnection(rs.getString("gateway_uid"), rs.getString("node_id"),
                rs.getString("connection_id"), Rows.instant(rs, "connected_at"), Rows.instant(rs, "last_seen_at"),
                rs.getString("version"), Optional.ofNullable(rs.getString("remote_address")),
                Rows.instant(rs, "started_at"));
    }
}
