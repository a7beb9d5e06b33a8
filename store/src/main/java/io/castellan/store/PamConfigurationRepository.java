package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The server-side metadata of PAM configuration records ({@code pam_configurations}). Deleting the configuration
 * record or its shared folder deletes its row and (by cascade) the rotation settings that use it. Each method runs in
 * its own transaction or joins the caller's (see {@link Transactions}).
 */
public final class PamConfigurationRepository {

    private static final String COLUMNS = "record_uid, owner_uid, environment, gateway_uid, shared_folder_uid, features,"
            + " schedule_json, port_mapping_json, created_at, updated_at";

    private final Transactions tx;
    private final Clock clock;

    public PamConfigurationRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Registers the metadata of a configuration record ({@code createdAt}/{@code updatedAt} of the argument are
     * ignored: now).
     *
     * @throws StoreException {@code DUPLICATE} when the record already has metadata
     */
    public PamConfiguration insert(PamConfiguration config) {
        Instant now = Rows.now(clock);
        return tx.write(h -> {
            if (find(h, config.recordUid()).isPresent()) {
                throw new StoreException(StoreException.Reason.DUPLICATE,
                        "PAM configuration " + config.recordUid() + " already exists");
            }
            h.createUpdate("INSERT INTO pam_configurations (" + COLUMNS + ") VALUES (:uid, :owner, :env, :gateway,"
                            + " :folder, :features, :schedule, :ports, :now, :now)")
                    .bind("uid", config.recordUid())
                    .bind("owner", config.ownerUid())
                    .bind("env", config.environment())
                    .bind("gateway", config.gatewayUid())
                    .bind("folder", config.sharedFolderUid())
                    .bind("features", String.join(",", config.features()))
                    .bind("schedule", config.scheduleJson().orElse(null))
                    .bind("ports", config.portMappingJson())
                    .bind("now", now.toEpochMilli())
                    .execute();
            return find(h, config.recordUid()).orElseThrow();
        });
    }

    /**
     * Replaces the editable values (environment, gateway, shared folder, features, schedule, port mapping) of an
     * existing configuration; owner and creation time stay.
     *
     * @throws StoreException {@code NOT_FOUND} when there is no such configuration
     */
    public PamConfiguration update(PamConfiguration config) {
        Instant now = Rows.now(clock);
        return tx.write(h -> {
            int changed = h.createUpdate("UPDATE pam_configurations SET environment = :env, gateway_uid = :gateway,"
                            + " shared_folder_uid = :folder, features = :features, schedule_json = :schedule,"
                            + " port_mapping_json = :ports, updated_at = :now WHERE record_uid = :uid")
                    .bind("uid", config.recordUid())
                    .bind("env", config.environment())
                    .bind("gateway", config.gatewayUid())
                    .bind("folder", config.sharedFolderUid())
                    .bind("features", String.join(",", config.features()))
                    .bind("schedule", config.scheduleJson().orElse(null))
                    .bind("ports", config.portMappingJson())
                    .bind("now", now.toEpochMilli())
                    .execute();
            if (changed == 0) {
                throw new StoreException(StoreException.Reason.NOT_FOUND,
                        "PAM configuration " + config.recordUid() + " does not exist");
            }
            return find(h, config.recordUid()).orElseThrow();
        });
    }

    public Optional<PamConfiguration> get(String recordUid) {
        return tx.read(h -> find(h, recordUid));
    }

    /** The configurations among {@code recordUids}, by record UID. */
    public List<PamConfiguration> list(Collection<String> recordUids) {
        if (recordUids.isEmpty()) {
            return List.of();
        }
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM pam_configurations WHERE record_uid IN (<uids>)"
                        + " ORDER BY record_uid")
                .bindList("uids", List.copyOf(recordUids))
                .map(PamConfigurationRepository::map)
                .list());
    }

    /** The configurations whose shared folder is {@code folderUid} (the resources filed there belong to them). */
    public List<PamConfiguration> inSharedFolder(String folderUid) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM pam_configurations"
                        + " WHERE shared_folder_uid = :folder ORDER BY record_uid")
                .bind("folder", folderUid)
                .map(PamConfigurationRepository::map)
                .list());
    }

    private static Optional<PamConfiguration> find(Handle h, String recordUid) {
        return h.createQuery("SELECT " + COLUMNS + " FROM pam_configurations WHERE record_uid = :uid")
                .bind("uid", recordUid)
                .map(PamConfigurationRepository::map)
                .findOne();
    }

    private static PamConfiguration map(ResultSet rs, StatementContext ctx) throws SQLException {
        String features = rs.getString("features");
        return new PamConfiguration(rs.getString("record_uid"), rs.getString("owner_uid"), rs.getString("environment"),
                rs.getString("gateway_uid"), rs.getString("shared_folder_uid"),
                features.isEmpty() ? List.of() : Arrays.asList(features.split(",")),
                Optional.ofNullable(rs.getString("schedule_json")), rs.getString("port_mapping_json"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
