package io.castellan.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Base64s;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiCall;
import io.castellan.server.api.Caller;
import io.castellan.store.FolderKind;
import io.castellan.store.HolderKind;
import io.castellan.store.RecordKey;
import io.castellan.store.RecordLink;
import io.castellan.store.RecordRevision;
import io.castellan.store.StaleRevisionException;
import io.castellan.store.StoreException;
import io.castellan.store.StoredRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code record_add}, {@code record_update}, {@code record_get}, {@code record_history}, {@code record_delete},
 * {@code record_move}.
 */
final class RecordCommands {

    /** Link kinds: lower-case words such as {@code admin_credential}, {@code launch_credential}, {@code user}. */
    private static final Pattern LINK_KIND = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final VaultContext vault;

    RecordCommands(VaultContext vault) {
        this.vault = vault;
    }

    /**
     * {@code record_add}: {@code uid, data, recordKey, keyType, folderUid?, links[]?} → {@code revision}. A
     * {@code folderUid} naming a folder inside a shared folder files the record in the shared folder, placed there.
     */
    ObjectNode add(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Requests.body(call.body());
        String uid = Requests.uid(body, "uid");
        byte[] data = Requests.bytes(body, "data", VaultContext.MIN_CIPHERTEXT_BYTES, vault.limits.maxRecordDataBytes(),
                true);
        KeyType keyType = KeyType.fromWire(Requests.oneOf(body, "keyType", KeyType.DATA_KEY.wire(),
                KeyType.FOLDER_KEY.wire()));
        byte[] recordKey = Requests.bytes(body, "recordKey", VaultContext.WRAPPED_KEY_BYTES,
                VaultContext.WRAPPED_KEY_BYTES, false);
        Optional<String> folderUid = Requests.optionalUid(body, "folderUid");
        Optional<List<RecordLink>> links = links(body, uid);
        return vault.store.write(h -> {
            boolean shared = false;
            Optional<String> filedIn = Optional.empty();
            Optional<String> subFolder = Optional.empty();
            if (folderUid.isPresent()) {
                VaultContext.Destination destination = vault.destination(caller, folderUid.get(), "folderUid");
                VaultContext.VisibleFolder folder = destination.folder();
                shared = folder.shared();
                filedIn = Optional.of(folder.folder().uid());
                subFolder = destination.subFolderUid();
                if (shared && !folder.membership().manageRecords()) {
                    throw VaultContext.forbidden("adding records to this shared folder needs manageRecords");
                }
            }
            requireKeyType(keyType, shared);
            if (vault.records.get(uid).isPresent()) {
                throw new CastellanException(ErrorCode.CONFLICT, "a record with this UID already exists",
                        Map.of(CastellanException.DETAIL_FIELD, "uid"), null);
            }
            StoredRecord record = vault.records.insert(uid, caller.userUid(), filedIn, data);
            vault.recordKeys.put(locationKey(record, filedIn, shared, recordKey));
            subFolder.ifPresent(s -> vault.subFolders.place(uid, s));
            links.ifPresent(l -> replaceLinks(uid, l));
            vault.audited(VaultAuditEvents.RECORD_CREATED, call, subjects(uid, filedIn),
                    subFolder.map(s -> Map.of("subFolder", s)).orElse(Map.of()));
            return Entries.empty().put("revision", record.revision());
        });
    }

    /** {@code record_update}: {@code uid, revision, data, links[]?} → {@code revision}; 409 with the current one. */
    ObjectNode update(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Requests.body(call.body());
        String uid = Requests.uid(body, "uid");
        long revision = Requests.integer(body, "revision");
        if (revision < 1) {
            throw Requests.badRequest("revision", "revision must be a positive integer");
        }
        byte[] data = Requests.bytes(body, "data", VaultContext.MIN_CIPHERTEXT_BYTES, vault.limits.maxRecordDataBytes(),
                true);
        Optional<List<RecordLink>> links = links(body, uid);
        return vault.store.write(h -> {
            RecordAccess access = vault.access(caller, uid);
            if (!access.canEdit()) {
                throw VaultContext.forbidden("you may not edit this record");
            }
            StoredRecord updated;
            try {
                updated = vault.records.update(uid, revision, data);
            } catch (StaleRevisionException e) {
                throw new CastellanException(ErrorCode.CONFLICT, "the record changed since revision " + revision
                        + "; re-read it and retry", Map.of(CastellanException.DETAIL_REVISION,
                        Long.toString(e.actualRevision())), null);
            }
            links.ifPresent(l -> replaceLinks(uid, l));
            vault.audited(VaultAuditEvents.RECORD_UPDATED, call, List.of(uid));
            return Entries.empty().put("revision", updated.revision());
        });
    }

    /** {@code record_get}: {@code uid} → one record entry. */
    ObjectNode get(ApiCall call) {
        Caller caller = call.requireCaller();
        String uid = Requests.uid(Requests.body(call.body()), "uid");
        return vault.store.read(h -> {
            RecordAccess access = vault.access(caller, uid);
            return Entries.placed(Entries.record(access, vault.links.list(uid), vault.attachments.listByRecord(uid)),
                    access, vault.subFolders.placementOf(uid).flatMap(vault.subFolders::get));
        });
    }

    /** {@code record_history}: {@code uid} → {@code revisions[]} of {@code {revision, data, modifiedAt}}. */
    ObjectNode history(ApiCall call) {
        Caller caller = call.requireCaller();
        String uid = Requests.uid(Requests.body(call.body()), "uid");
        return vault.store.read(h -> {
            vault.access(caller, uid);
            ObjectNode answer = Entries.empty();
            ArrayNode revisions = answer.putArray("revisions");
            for (RecordRevision r : vault.records.history(uid)) {
                revisions.addObject().put("revision", r.revision())
                        .put("data", Base64s.encode(r.encryptedData()))
                        .put("modifiedAt", r.createdAt().toEpochMilli());
            }
            return answer;
        });
    }

    /**
     * {@code record_delete}: {@code uids[]} → {@code {}}. All or nothing: each record must be visible (404) and the
     * caller its owner or a manager of records of the shared folder it is in (403). A deleted record keeps its
     * owner's key row and history; every other holder's wrapped key is removed.
     */
    ObjectNode delete(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Requests.body(call.body());
        JsonNode array = Requests.optionalArray(body, "uids")
                .orElseThrow(() -> Requests.badRequest("uids", "uids is required"));
        if (array.isEmpty()) {
            throw Requests.badRequest("uids", "uids must name at least one record");
        }
        if (array.size() > vault.limits.maxBatch()) {
            throw Requests.badRequest("uids", "uids may name at most " + vault.limits.maxBatch() + " records");
        }
        Set<String> uids = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            uids.add(Requests.uidValue(array.get(i), "uids[" + i + "]"));
        }
        return vault.store.write(h -> {
            for (String uid : uids) {
                RecordAccess access = vault.access(caller, uid);
                if (!access.owner() && !access.manageRecords()) {
                    throw VaultContext.forbidden("only the record's owner or a manager of its shared folder may"
                            + " delete it");
                }
                vault.deleteRecord(call, access.record());
            }
            return Entries.empty();
        });
    }

    /**
     * {@code record_move}: {@code uid, folderUid?, recordKey, keyType} → {@code {}}. Out of a shared folder needs
     * ownership or manageRecords there; out of the root or a user folder needs ownership. Into the root or a user
     * folder of the caller's needs ownership ({@code data_key}: the key is wrapped with the caller's data key); into
     * a shared folder needs manageRecords there ({@code folder_key}). Direct shares are untouched (same record key).
     * A {@code folderUid} naming a folder inside a shared folder files the record in that shared folder and places
     * it in the sub-folder; any earlier placement is dropped.
     */
    ObjectNode move(ApiCall call) {
        Caller caller = call.requireCaller();
        JsonNode body = Requests.body(call.body());
        String uid = Requests.uid(body, "uid");
        Optional<String> target = Requests.optionalUid(body, "folderUid");
        byte[] recordKey = Requests.bytes(body, "recordKey", VaultContext.WRAPPED_KEY_BYTES,
                VaultContext.WRAPPED_KEY_BYTES, false);
        KeyType keyType = KeyType.fromWire(Requests.oneOf(body, "keyType", KeyType.DATA_KEY.wire(),
                KeyType.FOLDER_KEY.wire()));
        return vault.store.write(h -> {
            RecordAccess access = vault.access(caller, uid);
            StoredRecord record = access.record();
            Optional<String> source = record.folderUid();
            boolean sourceShared = source.flatMap(vault.folders::get).map(f -> f.kind() == FolderKind.SHARED)
                    .orElse(false);
            if (sourceShared ? !(access.owner() || access.manageRecords()) : !access.owner()) {
                throw VaultContext.forbidden("you may not move this record out of its folder");
            }
            boolean targetShared = false;
            Optional<String> targetFolder = Optional.empty();
            Optional<String> targetSub = Optional.empty();
            if (target.isPresent()) {
                VaultContext.Destination destination = vault.destination(caller, target.get(), "folderUid");
                VaultContext.VisibleFolder folder = destination.folder();
                targetShared = folder.shared();
                targetFolder = Optional.of(folder.folder().uid());
                targetSub = destination.subFolderUid();
                if (targetShared && !folder.membership().manageRecords()) {
                    throw VaultContext.forbidden("moving records into this shared folder needs manageRecords");
                }
            }
            if (!targetShared && !access.owner()) {
                throw VaultContext.forbidden("only the record's owner may move it into a private folder");
            }
            requireKeyType(keyType, targetShared);
            if (sourceShared) {
                vault.recordKeys.delete(uid, HolderKind.FOLDER, source.orElseThrow());
            } else {
                vault.recordKeys.delete(uid, HolderKind.USER, record.ownerUid());
            }
            Optional<String> sourcePlace = sourceShared ? vault.subFolders.placementOf(uid) : Optional.empty();
            vault.recordKeys.put(locationKey(record, targetFolder, targetShared, recordKey));
            vault.records.setFolder(uid, targetFolder);
            vault.subFolders.unplace(uid);
            targetSub.ifPresent(s -> vault.subFolders.place(uid, s));
            vault.audited(VaultAuditEvents.RECORD_MOVED, call, subjects(uid, target),
                    Map.of("from", sourcePlace.or(() -> source).orElse("root"), "to", target.orElse("root")));
            return Entries.empty();
        });
    }

    /** The key row that files a record where it is: the folder's for a shared folder, else the owner's. */
    private static RecordKey locationKey(StoredRecord record, Optional<String> folderUid, boolean shared,
            byte[] wrapped) {
        return shared
                ? new RecordKey(record.uid(), HolderKind.FOLDER, folderUid.orElseThrow(), wrapped, false, false,
                        Optional.empty())
                : new RecordKey(record.uid(), HolderKind.USER, record.ownerUid(), wrapped, true, true,
                        Optional.empty());
    }

    private static void requireKeyType(KeyType keyType, boolean sharedFolder) {
        if (sharedFolder && keyType != KeyType.FOLDER_KEY) {
            throw Requests.badRequest("keyType", "a record in a shared folder needs keyType folder_key");
        }
        if (!sharedFolder && keyType != KeyType.DATA_KEY) {
            throw Requests.badRequest("keyType", "a record outside shared folders needs keyType data_key");
        }
    }

    private void replaceLinks(String uid, List<RecordLink> links) {
        try {
            vault.links.replace(uid, links);
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.NOT_FOUND) {
                throw new CastellanException(ErrorCode.VALIDATION_FAILED, "a linked record does not exist",
                        Map.of(CastellanException.DETAIL_FIELD, "links"), null);
            }
            throw e;
        }
    }

    /** The optional {@code links} array of {@code {uid, kind}} objects. */
    private Optional<List<RecordLink>> links(JsonNode body, String resourceUid) {
        Optional<JsonNode> array = Requests.optionalArray(body, "links");
        if (array.isEmpty()) {
            return Optional.empty();
        }
        JsonNode a = array.get();
        if (a.size() > vault.limits.maxLinks()) {
            throw Requests.badRequest("links", "links may hold at most " + vault.limits.maxLinks() + " entries");
        }
        List<RecordLink> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            JsonNode link = a.get(i);
            String field = "links[" + i + "]";
            if (!link.isObject()) {
                throw Requests.badRequest(field, field + " must be an object {uid, kind}");
            }
            JsonNode uidNode = link.get("uid");
            if (uidNode == null || uidNode.isNull()) {
                throw Requests.badRequest(field + ".uid", field + ".uid is required");
            }
            String linked = Requests.uidValue(uidNode, field + ".uid");
            JsonNode kind = link.get("kind");
            if (kind == null || !kind.isTextual() || !LINK_KIND.matcher(kind.textValue()).matches()) {
                throw Requests.badRequest(field + ".kind", field + ".kind must be a lower-case word such as"
                        + " admin_credential");
            }
            if (linked.equals(resourceUid)) {
                throw Requests.badRequest(field + ".uid", "a record cannot link to itself");
            }
            out.add(new RecordLink(resourceUid, kind.textValue(), linked));
        }
        return Optional.of(out);
    }

    private static List<String> subjects(String uid, Optional<String> folderUid) {
        return folderUid.map(f -> List.of(uid, f)).orElseGet(() -> List.of(uid));
    }
}
