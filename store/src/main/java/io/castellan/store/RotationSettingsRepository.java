package io.castellan.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Rotation settings of pamUser records ({@code pam_rotation_settings}). Deleting the pamUser record, its resource or
 * its configuration deletes them (foreign-key cascades). Each method runs in its own transaction or joins the
 * caller's (see {@link Transactions}).
 */
public final class RotationSettingsRepository {

    private static final String COLUMNS = "record_uid, resource_uid, config_uid, rotation_type, schedule_json, noop,"
            + " enabled, encrypted_settings, updated_by, created_at, updated_at";

    private final Transactions tx;
    private final Clock clock;

    public RotationSettingsRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Sets the rotation settings of a record, replacing earlier ones (their creation time stays).
     *
     * @throws StoreException {@code NOT_FOUND} when the record, the resource or the configuration does not exist
     */
    public RotationSettings put(RotationSettings settings) {
        Instant now = Rows.now(clock);
        return tx.write(h -> {
            requireExists(h, "SELECT COUNT(*) FROM records WHERE uid = :uid", settings.recordUid(), "record");
            requireExists(h, "SELECT COUNT(*) FROM records WHERE uid = :uid", settings.resourceUid(), "resource");
            requireExists(h, "SELECT COUNT(*) FROM pam_configurations WHERE record_uid = :uid", settings.configUid(),
                    "PAM configuration");
            h.createUpdate("INSERT INTO pam_rotation_settings (" + COLUMNS + ") VALUES (:uid, :resource, :config,"
                            + " :type, :schedule, :noop, :enabled, :settings, :by, :now, :now) ON CONFLICT (record_uid)"
                            + " DO UPDATE SET resource_uid = excluded.resource_uid, config_uid = excluded.config_uid,"
                            + " rotation_type = excluded.rotation_type, schedule_json = excluded.schedule_json,"
                            + " noop = excluded.noop, enabled = excluded.enabled,"
                            + " encrypted_settings = excluded.encrypted_settings, updated_by = excluded.updated_by,"
                            + " updated_at = excluded.updated_at")
                    .bind("uid", settings.recordUid())
                    .bind("resource", settings.resourceUid())
                    .bind("config", settings.configUid())
                    .bind("type", settings.rotationType())
                    .bind("schedule", settings.scheduleJson().orElse(null))
                    .bind("noop", settings.noop())
                    .bind("enabled", settings.enabled())
                    .bind("settings", settings.encryptedSettings())
                    .bind("by", settings.updatedBy())
                    .bind("now", now.toEpochMilli())
                    .execute();
            return find(h, settings.recordUid()).orElseThrow();
        });
    }

    public Optional<RotationSettings> get(String recordUid) {
        return tx.read(h -> find(h, recordUid));
    }

    /** The settings of the records among {@code recordUids}, by record UID. */
    public List<RotationSettings> list(Collection<String> recordUids) {
        if (recordUids.isEmpty()) {
            return List.of();
        }
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM pam_rotation_settings"
                        + " WHERE record_uid IN (<uids>) ORDER BY record_uid")
                .bindList("uids", List.copyOf(recordUids))
                .map(RotationSettingsRepository::map)
                .list());
    }

    /**
     * The rotations through a gateway that a gateway left unfinished: rotation settings whose configuration names the
     * gateway ({@code gatewayIds}: its client id and its UID, configurations use either) and whose pamUser holds a
     * pending value (written at the start of a rotation and cleared at its commit), with no rotate job queued, sent
     * or running for that pamUser.
     */
    public List<RotationSettings> interruptedThrough(Collection<String> gatewayIds) {
        return tx.read(h -> h.createQuery("SELECT " + prefixed("r") + " FROM pam_rotation_settings r"
                        + " JOIN pam_configurations c ON c.record_uid = r.config_uid"
                        + " JOIN sm_pending_updates p ON p.record_uid = r.record_uid"
                        + " WHERE c.gateway_uid IN (<gateways>) AND NOT EXISTS (SELECT 1 FROM gateway_jobs j"
                        + " WHERE j.command = 'rotate' AND j.state IN ('queued', 'sent', 'running')"
                        + " AND j.record_uids LIKE '%\"' || r.record_uid || '\"%') ORDER BY r.record_uid")
                .bindList("gateways", List.copyOf(gatewayIds))
                .map(RotationSettingsRepository::map)
                .list());
    }

    /**
     * Settings the scheduler has no row for ({@code rotation_schedules}): made before the scheduler existed (V7), or
     * by a build that did not plan them. At most {@code limit}, by record UID.
     */
    public List<RotationSettings> withoutSchedule(int limit) {
        return tx.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM pam_rotation_settings s WHERE NOT EXISTS"
                        + " (SELECT 1 FROM rotation_schedules r WHERE r.record_uid = s.record_uid)"
                        + " ORDER BY record_uid LIMIT :limit")
                .bind("limit", limit)
                .map(RotationSettingsRepository::map)
                .list());
    }

    private static String prefixed(String alias) {
        return java.util.Arrays.stream(COLUMNS.split(",")).map(c -> alias + "." + c.strip())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** How many pamUser records rotate through {@code configUid}. */
    public long countByConfig(String configUid) {
        return tx.read(h -> h.createQuery("SELECT COUNT(*) FROM pam_rotation_settings WHERE config_uid = :uid")
                .bind("uid", configUid)
                .mapTo(Long.class)
                .one());
    }

    private static void requireExists(Handle h, String sql, String uid, String what) {
        if (h.createQuery(sql).bind("uid", uid).mapTo(Long.class).one() == 0) {
            throw new StoreException(StoreException.Reason.NOT_FOUND, what + " " + uid + " does not exist");
        }
    }

    private static Optional<RotationSettings> find(Handle h, String recordUid) {
        return h.createQuery("SELECT " + COLUMNS + " FROM pam_rotation_settings WHERE record_uid = :uid")
                .bind("uid", recordUid)
                .map(RotationSettingsRepository::map)
                .findOne();
    }

    private static RotationSettings map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new RotationSettings(rs.getString("record_uid"), rs.getString("resource_uid"),
                rs.getString("config_uid"), rs.getString("rotation_type"),
                Optional.ofNullable(rs.getString("schedule_json")), rs.getBoolean("noop"), rs.getBoolean("enabled"),
                rs.getBytes("encrypted_settings"), rs.getString("updated_by"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
