package io.castellan.server.device;

import io.castellan.crypto.Base64s;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.ksm.GetSecretRequest;
import io.castellan.model.ksm.RecordLink;
import io.castellan.model.ksm.ResponseFile;
import io.castellan.model.ksm.ResponseFolder;
import io.castellan.model.ksm.ResponseRecord;
import io.castellan.model.ksm.SecretsManagerResponse;
import io.castellan.store.AppFolderRecord;
import io.castellan.store.AppGrant;
import io.castellan.store.AppRecordGrant;
import io.castellan.store.StoredApplication;
import io.castellan.store.StoredAttachment;
import io.castellan.store.StoredRecord;
import io.castellan.store.SubFolder;
import io.castellan.store.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code get_secret} and {@code get_folders}: what the device's application was granted, as ciphertext and wrapped
 * keys in Keeper's shapes (ksm-protocol.md §1.6). Every key of the response is written, with {@code null} where
 * there is no value.
 */
final class SecretsEndpoints {

    private final DeviceContext ctx;

    SecretsEndpoints(DeviceContext ctx) {
        this.ctx = ctx;
    }

    /** The snapshot one get_secret answer is built from: the application's (perhaps kept) and this request's part. */
    private record Snapshot(AppSnapshot view, byte[] ownerPublicKey,
            Map<String, List<io.castellan.store.RecordLink>> links) {

        StoredApplication app() {
            return view.app();
        }
    }

    /**
     * {@code get_secret}: records granted directly ({@code records}, record keys under the app key) and shared folders
     * granted ({@code folders}, folder keys under the app key, their records' keys under the folder key), filtered by
     * {@code requestedRecords}/{@code requestedFolders}; at binding also {@code encryptedAppKey} and
     * {@code appOwnerPublicKey}. One {@code device_secrets_read} event names every record served; no audit, no
     * answer.
     */
    Object getSecret(DeviceCall call) {
        GetSecretRequest request = (GetSecretRequest) call.request();
        Set<String> onlyRecords = request.requestedRecords() == null ? null
                : new HashSet<>(request.requestedRecords());
        Set<String> onlyFolders = request.requestedFolders() == null ? null
                : new HashSet<>(request.requestedFolders());
        boolean withLinks = Boolean.TRUE.equals(request.requestLinks());
        boolean withPending = Boolean.TRUE.equals(request.includePending());
        Snapshot s = snapshot(call, withLinks);
        // the common request: everything granted, nothing per request inside the records (PreparedAnswer)
        PreparedAnswer prepared = onlyRecords == null && onlyFolders == null && !withLinks && !withPending
                ? s.view().prepared() : null;
        Built built = prepared != null ? null
                : build(s.view(), s.links(), call, onlyRecords, onlyFolders, withLinks);
        List<String> served = prepared != null ? prepared.served() : built.served();
        List<String> subjects = new ArrayList<>(served.size() + 1);
        subjects.add(call.appUid());
        subjects.addAll(served);
        // one write transaction shared with the reads that arrive together (ReadCommits); returns once committed
        ctx.readCommits.commit(() -> {
            call.replayMark().writeInTransaction();
            ctx.audited(DeviceAuditEvents.DEVICE_SECRETS_READ, call, subjects,
                    Map.of("records", Integer.toString(served.size())));
        });
        String appData = Base64s.encodeWebSafe(s.app().encryptedAppData());
        String appKey = call.sendAppKey() ? Base64s.encode(call.device().encryptedAppKey()) : null;
        String ownerKey = call.sendAppKey() && s.ownerPublicKey() != null ? Base64s.encode(s.ownerPublicKey()) : null;
        long expiresOn = call.device().accessExpiresAt().map(Instant::toEpochMilli).orElse(0L);
        if (prepared != null) {
            return new PreparedAnswer.Json(prepared.answer(ctx.wire, appData, appKey, ownerKey, expiresOn));
        }
        List<ResponseRecord> records = built.records();
        List<ResponseFolder> folders = built.folders();
        if (withPending) {
            PendingData pending = new PendingData(ctx);
            records = pending.records(records, call.appUid());
            folders = pending.folders(folders, call.appUid());
        }
        return new SecretsManagerResponse(appData, appKey, ownerKey, folders.isEmpty() ? null : folders,
                records.isEmpty() ? null : records, expiresOn, null, null);
    }

    /** The records and folders of one answer, and the UIDs of the records in it. */
    private record Built(List<ResponseRecord> records, List<ResponseFolder> folders, List<String> served) {
    }

    /**
     * The answer's records (granted directly) and shared folders with their records, filtered by the request's
     * {@code requestedRecords}/{@code requestedFolders} (null: all). {@code call} is used only for attachments'
     * download URLs, so a snapshot without attachments may be built with none.
     */
    private Built build(AppSnapshot view, Map<String, List<io.castellan.store.RecordLink>> links, DeviceCall call,
            Set<String> onlyRecords, Set<String> onlyFolders, boolean withLinks) {
        Instant now = ctx.clock.instant();
        String host = null;
        List<ResponseRecord> records = new ArrayList<>();
        Set<String> served = new LinkedHashSet<>();
        if (onlyFolders == null || onlyRecords != null) {
            for (AppRecordGrant g : view.direct()) {
                if (onlyRecords != null && !onlyRecords.contains(g.record().uid())) {
                    continue;
                }
                host = host == null && view.files().containsKey(g.record().uid()) ? WireValues.host(call.host())
                        : host;
                records.add(record(g.record(), g.grant().encryptedKey(), g.grant().editable(), null, view, links,
                        call, host, now, withLinks));
                served.add(g.record().uid());
            }
        }
        Map<String, List<AppFolderRecord>> byFolder = view.folderRecords().stream()
                .collect(Collectors.groupingBy(AppFolderRecord::folderUid, LinkedHashMap::new, Collectors.toList()));
        List<ResponseFolder> folders = new ArrayList<>();
        for (AppGrant grant : view.folders()) {
            if (onlyFolders != null && !onlyFolders.contains(grant.subjectUid())) {
                continue;
            }
            List<ResponseRecord> inFolder = new ArrayList<>();
            for (AppFolderRecord r : byFolder.getOrDefault(grant.subjectUid(), List.of())) {
                if (onlyRecords != null && !onlyRecords.contains(r.record().uid())) {
                    continue;
                }
                host = host == null && view.files().containsKey(r.record().uid()) ? WireValues.host(call.host())
                        : host;
                inFolder.add(record(r.record(), r.folderWrappedKey(), grant.editable(), r.subFolderUid().orElse(null),
                        view, links, call, host, now, withLinks));
                served.add(r.record().uid());
            }
            if (onlyRecords != null && inFolder.isEmpty()) {
                continue;
            }
            folders.add(new ResponseFolder(grant.subjectUid(), Base64s.encode(grant.encryptedKey()), null, null,
                    grant.editable(), inFolder));
        }
        return new Built(records, folders, List.copyOf(served));
    }

    /**
     * {@code get_folders}: the shared folders granted (key under the app key; {@code data} is the AES-CBC name the
     * granting client supplied, or {@code null}) and the device sub-folders inside them (key AES-CBC under the
     * shared folder's key, {@code parent} the parent sub-folder or the shared folder). The answer has every key of
     * the get_secret answer ({@code folders} filled, the rest {@code null}): Keeper's Java SDK 17.0 decodes it with
     * the same strict class.
     */
    Object getFolders(DeviceCall call) {
        return ctx.store.read(h -> {
            List<AppGrant> grants = ctx.views.folderGrants(call.appUid());
            List<ResponseFolder> folders = new ArrayList<>();
            for (AppGrant grant : grants) {
                folders.add(new ResponseFolder(grant.subjectUid(), Base64s.encode(grant.encryptedKey()),
                        grant.folderData().map(Base64s::encode).orElse(null), null, null, null));
            }
            for (SubFolder sub : ctx.subFolders.listIn(grants.stream().map(AppGrant::subjectUid).toList())) {
                folders.add(new ResponseFolder(sub.uid(), Base64s.encode(sub.encryptedFolderKey()),
                        Base64s.encode(sub.encryptedData()), sub.parentUid().orElse(sub.sharedFolderUid()), null,
                        null));
            }
            // Keeper's Java SDK 17.0 decodes this answer with its get_secret class, whose encryptedAppKey and records
            // keys are required: answer the whole get_secret shape, with nulls.
            return new SecretsManagerResponse(null, null, null, folders, null, null, null, null);
        });
    }

    /**
     * The application's snapshot: the one kept if it was read at the data epoch this request read with its device row
     * ({@link AppSnapshotCache}; then no change to it has committed since, and no query runs), otherwise read now,
     * with the epoch, in one read transaction, and kept. The owner's key (binding answers) and the links are read for
     * this request.
     */
    private Snapshot snapshot(DeviceCall call, boolean withLinks) {
        AppSnapshot view = ctx.snapshots.get(call.appUid(), call.dataEpoch()).orElse(null);
        if (view == null) {
            view = ctx.store.read(h -> {
                long epoch = ctx.epoch.current();
                AppSnapshot read = load(call.appUid());
                ctx.snapshots.put(call.appUid(), epoch, read);
                return read;
            });
        }
        if (!call.sendAppKey() && !withLinks) {
            return new Snapshot(view, null, Map.of());
        }
        AppSnapshot v = view;
        return ctx.store.read(h -> {
            byte[] ownerKey = call.sendAppKey() ? ctx.users.findByUid(v.app().ownerUid())
                    .flatMap(User::keys).map(k -> k.publicKey()).orElse(null) : null;
            Map<String, List<io.castellan.store.RecordLink>> links = new LinkedHashMap<>();
            if (withLinks) {
                Set<String> uids = new LinkedHashSet<>();
                v.direct().forEach(g -> uids.add(g.record().uid()));
                v.folderRecords().forEach(r -> uids.add(r.record().uid()));
                for (String uid : uids) {
                    links.put(uid, ctx.links.list(uid));
                }
            }
            return new Snapshot(v, ownerKey, links);
        });
    }

    private AppSnapshot load(String appUid) {
        StoredApplication app = ctx.apps.get(appUid).orElseThrow(() -> new CastellanException(
                ErrorCode.UNAUTHENTICATED, "the client's application was removed"));
        List<AppRecordGrant> direct = ctx.views.directRecords(app.uid());
        List<AppGrant> folders = ctx.views.folderGrants(app.uid());
        // Same snapshot, same grant join: with no shared folder granted no record is reached through one, so the
        // folder records are not queried.
        List<AppFolderRecord> folderRecords = folders.isEmpty() ? List.of() : ctx.views.folderRecords(app.uid());
        // one sub-select over the grants again, measured cheaper on SQLite than binding the UIDs just read (bench/);
        // leaving its folder join out when no folder is granted measured slower on PostgreSQL (bench/README.md)
        Map<String, List<StoredAttachment>> files = ctx.views.attachments(app.uid()).stream()
                .collect(Collectors.groupingBy(StoredAttachment::recordUid));
        AppSnapshot view = AppSnapshot.of(app, direct, folders, folderRecords, files);
        if (!files.isEmpty()) {
            return view; // download URLs are issued per request: no prepared answer
        }
        Built all = build(view, Map.of(), null, null, null, false);
        return view.withPrepared(PreparedAnswer.of(ctx.wire, all.folders().isEmpty() ? null : all.folders(),
                all.records().isEmpty() ? null : all.records(), all.served()));
    }

    private ResponseRecord record(StoredRecord record, byte[] wrappedKey, boolean editable, String innerFolderUid,
            AppSnapshot view, Map<String, List<io.castellan.store.RecordLink>> linksByRecord, DeviceCall call,
            String host, Instant now, boolean withLinks) {
        List<ResponseFile> files = null;
        List<StoredAttachment> attachments = view.files().get(record.uid());
        if (attachments != null && !attachments.isEmpty()) {
            files = new ArrayList<>();
            for (StoredAttachment a : attachments) {
                String token = ctx.downloads.issue(a.uid(), call.appUid(), call.clientId(),
                        now.plus(ctx.limits.downloadTtl()));
                files.add(new ResponseFile(a.uid(), Base64s.encode(a.encryptedFileKey()),
                        Base64s.encode(a.encryptedMeta()), FileEndpoints.downloadUrl(host, token), null));
            }
        }
        List<RecordLink> links = null;
        if (withLinks) {
            links = linksByRecord.getOrDefault(record.uid(), List.of()).stream()
                    .map(l -> new RecordLink(l.linkedUid(), null, null)).toList();
        }
        return new ResponseRecord(record.uid(), Base64s.encode(wrappedKey), Base64s.encode(record.encryptedData()),
                record.revision(), editable, files, innerFolderUid, null, links);
    }
}
