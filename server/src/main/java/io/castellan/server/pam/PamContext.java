package io.castellan.server.pam;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.server.audit.Audit;
import io.castellan.store.AppGrantRepository;
import io.castellan.store.ApplicationRepository;
import io.castellan.store.DeviceRepository;
import io.castellan.store.FolderMemberRepository;
import io.castellan.store.FolderRepository;
import io.castellan.store.PamConfiguration;
import io.castellan.store.PamConfigurationRepository;
import io.castellan.store.RecordGrant;
import io.castellan.store.RecordLinkRepository;
import io.castellan.store.RotationScheduleRepository;
import io.castellan.store.RotationSettingsRepository;
import io.castellan.store.Store;
import io.castellan.store.StoredRecord;
import io.castellan.store.VaultViewRepository;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** What the PAM commands share: the store's repositories, the audit, the clock and the access checks. */
final class PamContext {

    final Store store;
    final Audit audit;
    final Clock clock;
    final PamConfigurationRepository configs;
    final RotationSettingsRepository rotations;
    final RotationScheduleRepository schedules;
    final VaultViewRepository views;
    final FolderRepository folders;
    final FolderMemberRepository folderMembers;
    final DeviceRepository devices;
    final ApplicationRepository apps;
    final AppGrantRepository grants;
    final RecordLinkRepository links;

    PamContext(Store store, Audit audit, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.configs = new PamConfigurationRepository(store.transactions(), clock);
        this.rotations = new RotationSettingsRepository(store.transactions(), clock);
        this.schedules = new RotationScheduleRepository(store.transactions(), clock);
        this.views = new VaultViewRepository(store.transactions());
        this.folders = new FolderRepository(store.transactions(), clock);
        this.folderMembers = new FolderMemberRepository(store.transactions(), clock);
        this.devices = new DeviceRepository(store.transactions(), clock);
        this.apps = new ApplicationRepository(store.transactions(), clock);
        this.grants = new AppGrantRepository(store.transactions(), clock);
        this.links = new RecordLinkRepository(store.transactions(), clock);
    }

    /** How the caller reaches a live record: it exists for them, and whether they may edit it. */
    record Reach(StoredRecord record, boolean canEdit) {
    }

    /** The caller's reach of a live record, or {@code 404 not_found} naming {@code field}. */
    Reach reach(Caller caller, String recordUid, String field) {
        List<RecordGrant> found = views.grants(caller.userUid(), recordUid, clock.instant());
        if (found.isEmpty()) {
            throw new CastellanException(ErrorCode.NOT_FOUND, field + ": no such record",
                    Map.of(CastellanException.DETAIL_FIELD, field), null);
        }
        StoredRecord record = found.get(0).record();
        boolean canEdit = record.ownerUid().equals(caller.userUid()) || found.stream().anyMatch(RecordGrant::canEdit);
        return new Reach(record, canEdit);
    }

    /** The caller's reach of a record they must be able to edit; {@code 403} when they only see it. */
    Reach editable(Caller caller, String recordUid, String field) {
        Reach reach = reach(caller, recordUid, field);
        if (!reach.canEdit()) {
            throw new CastellanException(ErrorCode.FORBIDDEN, field + ": you may not edit this record",
                    Map.of(CastellanException.DETAIL_FIELD, field), null);
        }
        return reach;
    }

    /** The UIDs of every live record the caller reaches. */
    Set<String> visibleRecordUids(Caller caller) {
        Set<String> uids = new LinkedHashSet<>();
        views.grants(caller.userUid(), clock.instant()).forEach(g -> uids.add(g.record().uid()));
        return uids;
    }

    /** The metadata of a configuration record the caller sees; {@code 404} otherwise. */
    PamConfiguration visibleConfig(Caller caller, String configUid, String field) {
        reach(caller, configUid, field);
        return configs.get(configUid).orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND,
                field + ": the record is not a PAM configuration", Map.of(CastellanException.DETAIL_FIELD, field),
                null));
    }

    /**
     * Whether a resource belongs to a configuration: it is filed in the configuration's shared folder, or it links
     * to the configuration record.
     */
    boolean belongs(StoredRecord resource, PamConfiguration config) {
        if (resource.folderUid().filter(config.sharedFolderUid()::equals).isPresent()) {
            return true;
        }
        return links.list(resource.uid()).stream().anyMatch(l -> l.linkedUid().equals(config.recordUid()));
    }

    /** Writes an audit event of a change, inside the change's transaction (fail closed). */
    void audited(String type, ApiCall call, List<String> subjects, Map<String, String> details) {
        audit.record(type, call.requireCaller().userUid(), call.sourceIp(), subjects, Audit.SUCCESS, details);
    }
}
