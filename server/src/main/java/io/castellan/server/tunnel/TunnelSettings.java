package io.castellan.server.tunnel;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.audit.Audit;
import io.castellan.server.enterprise.EnforcementPolicy;
import io.castellan.server.enterprise.Enforcements;
import io.castellan.store.RecordGrant;
import io.castellan.store.ResourceSettingsRepository;
import io.castellan.store.RoleRepository;
import io.castellan.store.VaultViewRepository;
import java.util.List;
import java.util.Map;

/**
 * {@code tunnel_edit}: the record-level tunneling switch (KeeperPAM's "tunneling enabled" in the record's PAM
 * settings). The record's own PAM settings are encrypted, so the switch the server enforces is server-side metadata
 * ({@code pam_resource_settings}); it is off until a user who may edit the record and holds
 * {@code ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS} (administrators always) turns it on.
 */
final class TunnelSettings {

    private final TunnelRelay relay;
    private final VaultViewRepository views;
    private final RoleRepository roles;
    private final ResourceSettingsRepository settings;

    TunnelSettings(TunnelRelay relay) {
        this.relay = relay;
        this.views = new VaultViewRepository(relay.store.transactions());
        this.roles = new RoleRepository(relay.store.transactions());
        this.settings = new ResourceSettingsRepository(relay.store.transactions(), relay.clock);
    }

    /** Sets the switch, audited {@code tunnel_settings_changed} in the same transaction (fail closed). */
    void setTunneling(String userUid, boolean admin, String recordUid, boolean enabled, String sourceIp) {
        relay.store.write(h -> {
            if (!admin && !Enforcements.isTrue(roles.enforcementsOfUser(userUid),
                    EnforcementPolicy.ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS)) {
                throw CastellanException.missingPolicy(EnforcementPolicy.ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS.name());
            }
            List<RecordGrant> found = views.grants(userUid, recordUid, relay.clock.instant());
            if (found.isEmpty()) {
                throw new CastellanException(ErrorCode.NOT_FOUND, "recordUid: no such record",
                        Map.of(CastellanException.DETAIL_FIELD, "recordUid"), null);
            }
            boolean canEdit = found.get(0).record().ownerUid().equals(userUid)
                    || found.stream().anyMatch(RecordGrant::canEdit);
            if (!canEdit) {
                throw new CastellanException(ErrorCode.FORBIDDEN, "recordUid: you may not edit this record",
                        Map.of(CastellanException.DETAIL_FIELD, "recordUid"), null);
            }
            settings.setTunneling(recordUid, enabled, userUid);
            relay.audit.record(TunnelAuditEvents.TUNNEL_SETTINGS_CHANGED, userUid, sourceIp, List.of(recordUid),
                    Audit.SUCCESS, Map.of("tunneling", Boolean.toString(enabled)));
            return null;
        });
    }

    /** @return whether tunneling to the record was turned on */
    boolean tunnelingEnabled(String recordUid) {
        return settings.tunnelingEnabled(recordUid);
    }
}
