package io.castellan.store;

import java.time.Clock;
import java.util.Optional;

/**
 * Per-resource PAM settings the server enforces ({@code pam_resource_settings}): for now the record's "tunneling
 * enabled" switch. No row means off. Deleting the record deletes its settings (foreign-key cascade). Each method runs
 * in its own transaction or joins the caller's (see {@link Transactions}).
 */
public final class ResourceSettingsRepository {

    private final Transactions tx;
    private final Clock clock;

    public ResourceSettingsRepository(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Turns tunneling to a resource record on or off.
     *
     * @throws StoreException {@code NOT_FOUND} when the record does not exist
     */
    public void setTunneling(String recordUid, boolean enabled, String updatedBy) {
        long now = clock.millis();
        tx.write(h -> {
            int found = h.createQuery("SELECT COUNT(*) FROM records WHERE uid = :uid").bind("uid", recordUid)
                    .mapTo(Integer.class).one();
            if (found == 0) {
                throw new StoreException(StoreException.Reason.NOT_FOUND, "record " + recordUid + " does not exist");
            }
            h.createUpdate("INSERT INTO pam_resource_settings (record_uid, tunneling, updated_by, updated_at)"
                            + " VALUES (:uid, :on, :by, :now) ON CONFLICT (record_uid) DO UPDATE SET"
                            + " tunneling = excluded.tunneling, updated_by = excluded.updated_by,"
                            + " updated_at = excluded.updated_at")
                    .bind("uid", recordUid).bind("on", enabled).bind("by", updatedBy).bind("now", now).execute();
            return null;
        });
    }

    /** @return whether tunneling to the record is on; empty when it was never set (which means off) */
    public Optional<Boolean> tunneling(String recordUid) {
        return tx.read(h -> h.createQuery("SELECT tunneling FROM pam_resource_settings WHERE record_uid = :uid")
                .bind("uid", recordUid).mapTo(Boolean.class).findOne());
    }

    /** @return whether tunneling to the record is on (never set: off) */
    public boolean tunnelingEnabled(String recordUid) {
        return tunneling(recordUid).orElse(false);
    }
}
