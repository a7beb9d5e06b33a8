package io.castellan.server.device;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.ksm.WireJson;
import io.castellan.server.audit.Audit;
import io.castellan.server.sm.DeviceRefs;
import io.castellan.store.AppGrant;
import io.castellan.store.AppGrantKind;
import io.castellan.store.AppGrantRepository;
import io.castellan.store.AppViewRepository;
import io.castellan.store.ApplicationRepository;
import io.castellan.store.AttachmentRepository;
import io.castellan.store.DataEpoch;
import io.castellan.store.DeviceRepository;
import io.castellan.store.FileUploadRepository;
import io.castellan.store.FolderKind;
import io.castellan.store.FolderRepository;
import io.castellan.store.PendingUpdateRepository;
import io.castellan.store.RecordKeyRepository;
import io.castellan.store.RecordLinkRepository;
import io.castellan.store.RecordRepository;
import io.castellan.store.Store;
import io.castellan.store.SubFolderRepository;
import io.castellan.store.UserRepository;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the device endpoints share: repositories on the store's transactions, the audit, the clock, the limits. */
final class DeviceContext {

    /** An AES-GCM-wrapped 32-byte key: nonce(12) ‖ ciphertext(32) ‖ tag(16). */
    static final int WRAPPED_KEY_BYTES = 60;
    /** The smallest AES-GCM ciphertext. */
    static final int MIN_GCM_BYTES = 28;
    /** An ECIES-sealed 32-byte key is 125 bytes; allow somewhat more. */
    static final int SEALED_KEY_MIN_BYTES = 125;
    static final int SEALED_KEY_MAX_BYTES = 512;
    /** AES-CBC ciphertext: IV(16) and at least one block. */
    static final int MIN_CBC_BYTES = 32;
    static final int MAX_FOLDER_DATA_BYTES = 64 * 1024;
    static final int MAX_FILE_META_BYTES = 64 * 1024;
    static final int MAX_BATCH = 1000;

    final Store store;
    final Audit audit;
    final Clock clock;
    final DeviceLimits limits;
    final WireJson wire = WireJson.create();
    final ApplicationRepository apps;
    final AppGrantRepository grants;
    final DeviceRepository devices;
    final AppViewRepository views;
    final RecordRepository records;
    final RecordKeyRepository recordKeys;
    final RecordLinkRepository links;
    final AttachmentRepository attachments;
    final FolderRepository folders;
    final PendingUpdateRepository pending;
    final SubFolderRepository subFolders;
    final FileUploadRepository uploads;
    final UserRepository users;
    final DownloadTokens downloads;
    final ReadCommits readCommits;
    final DataEpoch epoch;
    final AppSnapshotCache snapshots = new AppSnapshotCache(AppSnapshotCache.DEFAULT_BUDGET_BYTES);

    DeviceContext(Store store, Audit audit, Clock clock, DeviceLimits limits) {
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.apps = new ApplicationRepository(store.transactions(), clock);
        this.grants = new AppGrantRepository(store.transactions(), clock);
        this.devices = new DeviceRepository(store.transactions(), clock);
        this.views = new AppViewRepository(store.transactions());
        this.records = new RecordRepository(store.transactions(), clock);
        this.recordKeys = new RecordKeyRepository(store.transactions(), clock);
        this.links = new RecordLinkRepository(store.transactions(), clock);
        this.attachments = new AttachmentRepository(store.transactions(), clock);
        this.folders = new FolderRepository(store.transactions(), clock);
        this.pending = new PendingUpdateRepository(store.transactions(), clock);
        this.subFolders = new SubFolderRepository(store.transactions(), clock);
        this.uploads = new FileUploadRepository(store.transactions());
        this.users = new UserRepository(store.transactions(), clock);
        this.downloads = DownloadTokens.loadOrCreate(store.settings());
        this.readCommits = new ReadCommits(store);
        this.epoch = new DataEpoch(store.transactions());
    }

    /** An audit event by the device, inside the caller's transaction (fail closed). */
    void audited(String type, DeviceCall call, List<String> subjects, Map<String, String> details) {
        audit.record(type, DeviceRefs.of(call.clientId()), call.sourceIp(), subjects, Audit.SUCCESS, details);
    }

    /**
     * The application's grant of a shared folder that still exists.
     *
     * @throws CastellanException {@code 403} when there is none, or when {@code edit} and it is read-only
     */
    AppGrant folderGrant(DeviceCall call, String folderUid, boolean edit) {
        AppGrant grant = grants.get(call.appUid(), folderUid)
                .filter(g -> g.kind() == AppGrantKind.FOLDER)
                .filter(g -> folders.get(folderUid).map(f -> f.kind() == FolderKind.SHARED).orElse(false))
                .orElseThrow(() -> forbidden("the application has no access to this folder"));
        if (edit && !grant.editable()) {
            throw forbidden("the application's access to this folder is read-only");
        }
        return grant;
    }

    static CastellanException forbidden(String message) {
        return new CastellanException(ErrorCode.FORBIDDEN, message);
    }
}
