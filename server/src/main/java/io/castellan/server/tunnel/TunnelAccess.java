package io.castellan.server.tunnel;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.enterprise.EnforcementPolicy;
import io.castellan.server.enterprise.Enforcements;
import io.castellan.server.pam.PamFeature;
import io.castellan.server.pam.PamFeatures;
import io.castellan.store.Device;
import io.castellan.store.DeviceRepository;
import io.castellan.store.GatewayRepository;
import io.castellan.store.PamConfiguration;
import io.castellan.store.PamConfigurationRepository;
import io.castellan.store.RecordGrant;
import io.castellan.store.RecordLinkRepository;
import io.castellan.store.ResourceSettingsRepository;
import io.castellan.store.RoleRepository;
import io.castellan.store.Store;
import io.castellan.store.StoredGateway;
import io.castellan.store.StoredRecord;
import io.castellan.store.UserRepository;
import io.castellan.store.UserStatus;
import io.castellan.store.VaultViewRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may tunnel to what: the caller's account is active, they have {@code ALLOW_LAUNCH_PAM_TUNNELS} (administrators
 * always), they reach the resource record (a view-only share is enough; the linked credential is not needed), the
 * resource belongs to a PAM configuration (filed in its shared folder or linked to it) that allows tunneling,
 * tunneling is enabled on the record itself ({@code tunnel_edit}; off until turned on), and that configuration's
 * gateway has bound its device key. Checked when a tunnel opens, again every sweep while it runs, and at once when
 * access is revoked.
 */
final class TunnelAccess {

    /** What a permitted tunnel needs. */
    record Grant(StoredRecord resource, PamConfiguration config, StoredGateway gateway, byte[] gatewayKey) {
    }

    private final Clock clock;
    private final VaultViewRepository views;
    private final RoleRepository roles;
    private final PamConfigurationRepository configs;
    private final RecordLinkRepository links;
    private final GatewayRepository gateways;
    private final DeviceRepository devices;
    private final PamFeatures features;
    private final UserRepository users;
    private final ResourceSettingsRepository resources;

    TunnelAccess(Store store, Clock clock) {
        this.clock = clock;
        this.views = new VaultViewRepository(store.transactions());
        this.roles = new RoleRepository(store.transactions());
        this.configs = new PamConfigurationRepository(store.transactions(), clock);
        this.links = new RecordLinkRepository(store.transactions(), clock);
        this.gateways = new GatewayRepository(store.transactions(), clock);
        this.devices = new DeviceRepository(store.transactions(), clock);
        this.features = new PamFeatures(store, clock);
        this.users = new UserRepository(store.transactions(), clock);
        this.resources = new ResourceSettingsRepository(store.transactions(), clock);
    }

    /** @throws CastellanException naming the first check that fails */
    Grant check(String userUid, boolean admin, String recordUid) {
        if (users.findByUid(userUid).filter(u -> u.status() == UserStatus.ACTIVE).isEmpty()) {
            throw new CastellanException(ErrorCode.FORBIDDEN, "the user's account is disabled");
        }
        if (!admin && !Enforcements.isTrue(roles.enforcementsOfUser(userUid), EnforcementPolicy.ALLOW_LAUNCH_PAM_TUNNELS)) {
            throw CastellanException.missingPolicy(EnforcementPolicy.ALLOW_LAUNCH_PAM_TUNNELS.name());
        }
        List<RecordGrant> found = views.grants(userUid, recordUid, clock.instant());
        if (found.isEmpty()) {
            throw new CastellanException(ErrorCode.NOT_FOUND, "recordUid: no such record (or it is no longer shared"
                    + " with you)", Map.of(CastellanException.DETAIL_FIELD, "recordUid"), null);
        }
        StoredRecord resource = found.get(0).record();
        PamConfiguration config = configOf(resource).orElseThrow(() -> new CastellanException(
                ErrorCode.VALIDATION_FAILED, "recordUid: the record belongs to no PAM configuration (file it in the"
                + " configuration's shared folder or link it to the configuration)",
                Map.of(CastellanException.DETAIL_FIELD, "recordUid"), null));
        features.require(config.recordUid(), PamFeature.TUNNELING);
        if (!resources.tunnelingEnabled(recordUid)) {
            throw new CastellanException(ErrorCode.FORBIDDEN, "tunneling is not enabled on the record (a user who"
                    + " may edit it turns it on: pam tunnel edit " + recordUid + " --enable-tunneling)",
                    Map.of(PamFeatures.DETAIL_FEATURE, PamFeature.TUNNELING.wireName()), null);
        }
        StoredGateway gateway = gateways.byClientId(config.gatewayUid()).or(() -> gateways.get(config.gatewayUid()))
                .orElseThrow(() -> new CastellanException(
                ErrorCode.NOT_FOUND, "the PAM configuration's gateway is not registered (it was removed)"));
        byte[] key = devices.get(gateway.clientId()).flatMap(Device::publicKey).orElseThrow(() ->
                new CastellanException(ErrorCode.GATEWAY_OFFLINE, "gateway '" + gateway.name()
                        + "' has not been initialised with its one-time token yet"));
        return new Grant(resource, config, gateway, key);
    }

    private Optional<PamConfiguration> configOf(StoredRecord resource) {
        List<String> linked = new ArrayList<>();
        links.list(resource.uid()).forEach(l -> linked.add(l.linkedUid()));
        List<PamConfiguration> byLink = configs.list(linked);
        if (!byLink.isEmpty()) {
            return Optional.of(byLink.get(0));
        }
        return resource.folderUid().flatMap(folder -> configs.inSharedFolder(folder).stream().findFirst());
    }
}
