package io.castellan.server.vault;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Ecies;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.server.audit.Audit;
import io.castellan.store.AttachmentRepository;
import io.castellan.store.FolderKind;
import io.castellan.store.FolderMember;
import io.castellan.store.FolderMemberRepository;
import io.castellan.store.FolderRepository;
import io.castellan.store.RecordKeyRepository;
import io.castellan.store.RotationSettingsRepository;
import io.castellan.store.RecordLinkRepository;
import io.castellan.store.RecordRepository;
import io.castellan.store.HolderKind;
import io.castellan.store.StaleRevisionException;
import io.castellan.store.Store;
import io.castellan.store.StoredRecord;
import io.castellan.store.SubFolder;
import io.castellan.store.SubFolderRepository;
import io.castellan.store.StoredFolder;
import io.castellan.store.TeamRepository;
import io.castellan.store.User;
import io.castellan.store.UserRepository;
import io.castellan.store.UserStatus;
import io.castellan.store.VaultViewRepository;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the vault commands share: the store and its repositories (built on the store's transactions, with the vault's
 * clock), the audit, the limits, and the access checks every command makes.
 */
final class VaultContext {

    /** An AES-GCM-wrapped 32-byte key: nonce(12) ‖ ciphertext(32) ‖ tag(16). */
    static final int WRAPPED_KEY_BYTES = Aes256Gcm.OVERHEAD + 32;
    /** An ECIES-sealed 32-byte key: ephemeral point(65) ‖ nonce(12) ‖ ciphertext(32) ‖ tag(16). */
    static final int SEALED_KEY_MIN_BYTES = Ecies.OVERHEAD + 32;
    /** Upper bound for a sealed key (room for a longer plaintext than a bare 32-byte key). */
    static final int SEALED_KEY_MAX_BYTES = 512;
    /** An AES-256-CBC-wrapped 32-byte key: iv(16) ‖ ciphertext(48, the key and a block of padding). */
    static final int CBC_WRAPPED_KEY_BYTES = 16 + 48;
    /** The smallest AES-CBC ciphertext: iv(16) ‖ one block. */
    static final int MIN_CBC_BYTES = 32;
    /** The smallest AES-GCM ciphertext (empty plaintext). */
    static final int MIN_CIPHERTEXT_BYTES = Aes256Gcm.OVERHEAD;

    final Store store;
    final Audit audit;
    final Clock clock;
    final VaultLimits limits;
    final RecordRepository records;
    final RecordKeyRepository recordKeys;
    final RotationSettingsRepository rotationSettings;
    final FolderRepository folders;
    final FolderMemberRepository members;
    final RecordLinkRepository links;
    final AttachmentRepository attachments;
    final VaultViewRepository views;
    final UserRepository users;
    final TeamRepository teams;
    final SubFolderRepository subFolders;

    VaultContext(Store store, Audit audit, Clock clock, VaultLimits limits) {
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.records = new RecordRepository(store.transactions(), clock);
        this.recordKeys = new RecordKeyRepository(store.transactions(), clock);
        this.rotationSettings = new RotationSettingsRepository(store.transactions(), clock);
        this.folders = new FolderRepository(store.transactions(), clock);
        this.members = new FolderMemberRepository(store.transactions(), clock);
        this.links = new RecordLinkRepository(store.transactions(), clock);
        this.attachments = new AttachmentRepository(store.transactions(), clock);
        this.views = new VaultViewRepository(store.transactions());
        this.users = new UserRepository(store.transactions(), clock);
        this.teams = new TeamRepository(store.transactions());
        this.subFolders = new SubFolderRepository(store.transactions(), clock);
    }

    /** The caller's access to a live record, or {@code 404 not_found} (whether it exists or is merely invisible). */
    RecordAccess access(Caller caller, String recordUid) {
        return RecordAccess.merge(caller.userUid(), views.grants(caller.userUid(), recordUid, clock.instant()))
                .orElseThrow(() -> recordNotFound());
    }

    static CastellanException recordNotFound() {
        return new CastellanException(ErrorCode.NOT_FOUND, "no such record");
    }

    static CastellanException folderNotFound(String field) {
        return new CastellanException(ErrorCode.NOT_FOUND, "no such folder",
                Map.of(CastellanException.DETAIL_FIELD, field), null);
    }

    static CastellanException forbidden(String message) {
        return new CastellanException(ErrorCode.FORBIDDEN, message);
    }

    /** A folder the caller can see, with the caller's key row for it; otherwise {@code 404 not_found}. */
    record VisibleFolder(StoredFolder folder, FolderMember membership) {

        boolean shared() {
            return folder.kind() == FolderKind.SHARED;
        }

        boolean ownedBy(Caller caller) {
            return folder.ownerUid().equals(caller.userUid());
        }
    }

    /**
     * The folder if the caller sees it: a user folder of the caller's, or a shared folder the caller is a member of
     * (directly or through teams whose key they hold), with the caller's merged permissions.
     */
    VisibleFolder visibleFolder(Caller caller, String folderUid, String field) {
        StoredFolder folder = folders.get(folderUid).orElseThrow(() -> folderNotFound(field));
        if (folder.kind() == FolderKind.USER && !folder.ownerUid().equals(caller.userUid())) {
            throw folderNotFound(field);
        }
        FolderMember membership = members.effective(folderUid, caller.userUid())
                .orElseThrow(() -> folderNotFound(field));
        return new VisibleFolder(folder, membership);
    }

    /** A folder inside a shared folder, with the caller's view of that shared folder. */
    record VisibleSubFolder(SubFolder subFolder, VisibleFolder sharedFolder) {
    }

    /**
     * A folder inside a shared folder the caller is a member of (directly or through a team); otherwise
     * {@code 404 not_found} naming the field, whether it does not exist or is merely invisible.
     */
    VisibleSubFolder visibleSubFolder(Caller caller, String uid, String field) {
        SubFolder sub = subFolders.get(uid).orElseThrow(() -> folderNotFound(field));
        return new VisibleSubFolder(sub, visibleFolder(caller, sub.sharedFolderUid(), field));
    }

    /**
     * Where a {@code folderUid} files a record: the folder the record is filed in, and the sub-folder it is placed in
     * when the UID names a folder inside a shared folder (the record then belongs to that shared folder).
     */
    record Destination(VisibleFolder folder, Optional<String> subFolderUid) {
    }

    /** The destination a folder UID names, if the caller sees it; otherwise {@code 404} naming the field. */
    Destination destination(Caller caller, String folderUid, String field) {
        Optional<SubFolder> sub = subFolders.get(folderUid);
        if (sub.isPresent()) {
            return new Destination(visibleFolder(caller, sub.get().sharedFolderUid(), field), Optional.of(folderUid));
        }
        return new Destination(visibleFolder(caller, folderUid, field), Optional.empty());
    }

    /**
     * Deletes a record as {@code record_delete} does (the caller's right to is checked by the caller): it keeps its
     * owner's key row and history, every other holder's wrapped key goes; audit {@code record_deleted}.
     */
    void deleteRecord(ApiCall call, StoredRecord record) {
        try {
            records.softDelete(record.uid(), record.revision());
        } catch (StaleRevisionException e) {
            throw new CastellanException(ErrorCode.CONFLICT, "the record changed meanwhile; retry",
                    Map.of(CastellanException.DETAIL_REVISION, Long.toString(e.actualRevision())), null);
        }
        recordKeys.deleteAllExcept(record.uid(), HolderKind.USER, record.ownerUid());
        audited(VaultAuditEvents.RECORD_DELETED, call, List.of(record.uid()));
    }

    /** A shared folder the caller sees (directly or through a team); a user folder is refused as memberless. */
    VisibleFolder sharedFolder(Caller caller, String folderUid) {
        VisibleFolder folder = visibleFolder(caller, folderUid, "folderUid");
        if (!folder.shared()) {
            throw new CastellanException(ErrorCode.VALIDATION_FAILED, "only shared folders have members",
                    Map.of(CastellanException.DETAIL_FIELD, "folderUid"), null);
        }
        return folder;
    }

    /** An active user by e-mail, or {@code 404 not_found} naming the field. */
    User activeUser(String email, String field) {
        return users.findByEmail(email).filter(u -> u.status() == UserStatus.ACTIVE)
                .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "no active user with that e-mail",
                        Map.of(CastellanException.DETAIL_FIELD, field), null));
    }

    /** Any user by e-mail (for removing access, which works whatever the user's status), or {@code 404}. */
    User anyUser(String email, String field) {
        return users.findByEmail(email)
                .orElseThrow(() -> new CastellanException(ErrorCode.NOT_FOUND, "no user with that e-mail",
                        Map.of(CastellanException.DETAIL_FIELD, field), null));
    }

    /**
     * Writes an audit event for a successful change; call inside the change's write transaction so a failing audit
     * rolls the change back (fail closed). Events carry types and UIDs only, never data or keys.
     */
    void audited(String type, ApiCall call, List<String> subjects) {
        audited(type, call, subjects, Map.of());
    }

    /** As {@link #audited(String, ApiCall, List)}, with safe details (permissions, folder UIDs, times, sizes). */
    void audited(String type, ApiCall call, List<String> subjects, Map<String, String> details) {
        try {
            audit.record(type, call.requireCaller().userUid(), call.sourceIp(), subjects, Audit.SUCCESS, details);
        } catch (CastellanException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CastellanException(ErrorCode.AUDIT_UNAVAILABLE, "the audit log cannot be written, so the"
                    + " action was refused", Map.of(), null);
        }
    }
}
