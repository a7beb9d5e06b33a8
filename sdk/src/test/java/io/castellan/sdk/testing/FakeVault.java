package io.castellan.sdk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.crypto.Aes256Cbc;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.ksm.AddFileRequest;
import io.castellan.model.ksm.AddFileResponse;
import io.castellan.model.ksm.CompleteTransactionRequest;
import io.castellan.model.ksm.CreateFolderRequest;
import io.castellan.model.ksm.CreateSecretRequest;
import io.castellan.model.ksm.DeleteFolderRequest;
import io.castellan.model.ksm.DeleteFolderResponse;
import io.castellan.model.ksm.DeleteSecretRequest;
import io.castellan.model.ksm.DeleteSecretResponse;
import io.castellan.model.ksm.DeleteStatus;
import io.castellan.model.ksm.FolderDeleteStatus;
import io.castellan.model.ksm.GetFoldersResponse;
import io.castellan.model.ksm.GetSecretRequest;
import io.castellan.model.ksm.ResponseFile;
import io.castellan.model.ksm.ResponseFolder;
import io.castellan.model.ksm.ResponseRecord;
import io.castellan.model.ksm.SecretsManagerResponse;
import io.castellan.model.ksm.UpdateFolderRequest;
import io.castellan.model.ksm.UpdateSecretRequest;
import io.castellan.model.record.RecordData;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data side of the fake device API: one application with a fixed app key, its owner's key pair, records shared
 * directly or through shared folders (with sub-folders), files, and pending rotations; encrypted per
 * ksm-protocol.md §3 the way a Castellan server must serve them. Every incoming value is decoded with the alphabet
 * the protocol fixes (strictly), so an SDK that sends the wrong one fails here.
 */
public final class FakeVault {

    static final ObjectMapper JSON = new ObjectMapper();

    public final byte[] appKey = CastellanRandom.bytes(32);
    public final KeyPair owner = EcKeys.generateKeyPair();
    public final Map<String, StoredRecord> records = new LinkedHashMap<>();
    public final Map<String, StoredFolder> folders = new LinkedHashMap<>();
    final Map<String, StoredFile> files = new LinkedHashMap<>();
    final Map<String, PendingUpload> uploads = new LinkedHashMap<>();
    String baseUrl;

    public static final class StoredRecord {
        public final byte[] key;
        byte[] json;
        public byte[] pending;
        public long revision = 1;
        public final String sharedFolder;
        public final String innerFolder;
        final List<String> fileUids = new ArrayList<>();

        StoredRecord(byte[] key, byte[] json, String sharedFolder, String innerFolder) {
            this.key = key;
            this.json = json;
            this.sharedFolder = sharedFolder;
            this.innerFolder = innerFolder;
        }
    }

    public record StoredFolder(byte[] key, String name, String parent) {
    }

    record StoredFile(byte[] key, byte[] meta, byte[] encryptedContent) {
    }

    record PendingUpload(String ownerUid, byte[] ownerJson, StoredFile file, long size) {
    }

    // ---- fixture set-up -------------------------------------------------------------------------

    public synchronized String addRecord(String folderUid, RecordData data) {
        String uid = Uids.newUid();
        String shared = folderUid == null ? null : sharedOf(folderUid);
        String inner = folderUid == null || folderUid.equals(shared) ? null : folderUid;
        records.put(uid, new StoredRecord(CastellanRandom.bytes(32), data.toBytes(), shared, inner));
        return uid;
    }

    public synchronized String addFolder(String parent, String name) {
        String uid = Uids.newUid();
        folders.put(uid, new StoredFolder(CastellanRandom.bytes(32), name, parent));
        return uid;
    }

    public synchronized String addFile(String recordUid, String name, byte[] content) {
        String uid = Uids.newUid();
        byte[] key = CastellanRandom.bytes(32);
        byte[] meta = ("{\"title\":\"" + name + "\",\"name\":\"" + name + "\",\"type\":\"text/plain\",\"size\":"
                + content.length + ",\"lastModified\":1700000000000}").getBytes(StandardCharsets.UTF_8);
        files.put(uid, new StoredFile(key, meta, Aes256Gcm.encrypt(key, content)));
        records.get(recordUid).fileUids.add(uid);
        return uid;
    }

    public String sharedOf(String folderUid) {
        StoredFolder f = folders.get(folderUid);
        return f.parent() == null ? folderUid : sharedOf(f.parent());
    }

    public synchronized RecordData record(String uid) {
        StoredRecord r = records.get(uid);
        return r == null ? null : RecordData.parse(r.json);
    }

    // ---- endpoints ------------------------------------------------------------------------------

    synchronized SecretsManagerResponse getSecret(GetSecretRequest request, boolean includeRecords) {
        List<String> wanted = request.requestedRecords();
        List<ResponseRecord> direct = new ArrayList<>();
        Map<String, List<ResponseRecord>> inFolders = new LinkedHashMap<>();
        if (includeRecords) {
            records.forEach((uid, r) -> {
                if (wanted != null && !wanted.contains(uid)) {
                    return;
                }
                if (r.sharedFolder == null) {
                    direct.add(wire(uid, r, appKey));
                } else {
                    inFolders.computeIfAbsent(r.sharedFolder, k -> new ArrayList<>())
                            .add(wire(uid, r, folders.get(r.sharedFolder).key()));
                }
            });
        }
        List<ResponseFolder> shared = new ArrayList<>();
        inFolders.forEach((uid, recs) -> shared.add(new ResponseFolder(uid,
                std(Aes256Gcm.encrypt(appKey, folders.get(uid).key())), null, null, true, recs)));
        String appData = Base64s.encodeWebSafe(Aes256Gcm.encrypt(appKey,
                "{\"title\":\"Fake App\",\"type\":\"app\"}".getBytes(StandardCharsets.UTF_8)));
        return new SecretsManagerResponse(appData, null, null, shared.isEmpty() ? null : shared,
                direct.isEmpty() ? null : direct, 0L, null, null);
    }

    private ResponseRecord wire(String uid, StoredRecord r, byte[] wrappingKey) {
        List<ResponseFile> fileList = new ArrayList<>();
        for (String f : r.fileUids) {
            StoredFile file = files.get(f);
            fileList.add(new ResponseFile(f, std(Aes256Gcm.encrypt(r.key, file.key())),
                    std(Aes256Gcm.encrypt(file.key(), file.meta())), baseUrl + "/files/" + f, null));
        }
        return new ResponseRecord(uid, std(Aes256Gcm.encrypt(wrappingKey, r.key)),
                std(Aes256Gcm.encrypt(r.key, r.json)), r.revision, true, fileList.isEmpty() ? null : fileList,
                r.innerFolder, null, null);
    }

    synchronized GetFoldersResponse getFolders() {
        List<ResponseFolder> out = new ArrayList<>();
        folders.forEach((uid, f) -> {
            byte[] data = Aes256Cbc.encrypt(f.key(), ("{\"name\":\"" + f.name() + "\"}").getBytes(StandardCharsets.UTF_8));
            byte[] key = f.parent() == null ? Aes256Gcm.encrypt(appKey, f.key())
                    : Aes256Cbc.encrypt(folders.get(sharedOf(uid)).key(), f.key());
            out.add(new ResponseFolder(uid, std(key), std(data), f.parent(), null, null));
        });
        return new GetFoldersResponse(out);
    }

    synchronized void updateSecret(UpdateSecretRequest request) {
        StoredRecord r = existing(request.recordUid());
        if (request.revision() == null || request.revision() != r.revision) {
            throw new CastellanException(ErrorCode.CONFLICT, "record " + request.recordUid() + " changed since revision "
                    + request.revision());
        }
        byte[] json = Aes256Gcm.decrypt(r.key, Base64s.decodeWebSafe(request.data()));
        if (UpdateSecretRequest.TRANSACTION_ROTATION.equals(request.transactionType())) {
            r.pending = json;
        } else {
            r.json = json;
            r.revision++;
        }
    }

    synchronized void complete(CompleteTransactionRequest request, boolean rollback) {
        StoredRecord r = existing(request.recordUid());
        if (r.pending == null) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "no pending transaction");
        }
        if (!rollback) {
            r.json = r.pending;
            r.revision++;
        }
        r.pending = null;
    }

    synchronized void createSecret(CreateSecretRequest request) {
        byte[] recordKey = Ecies.open((ECPrivateKey) owner.getPrivate(), Base64s.decode(request.recordKey()));
        StoredFolder shared = folders.get(request.folderUid());
        if (shared == null || shared.parent() != null) {
            throw new CastellanException(ErrorCode.NOT_FOUND, "no shared folder " + request.folderUid());
        }
        if (!Arrays.equals(recordKey, Aes256Gcm.decrypt(shared.key(), Base64s.decode(request.folderKey())))) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "folderKey does not wrap the owner's record key");
        }
        if (request.subFolderUid() != null && !request.folderUid().equals(sharedOf(request.subFolderUid()))) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "sub-folder is not in the shared folder");
        }
        byte[] json = Aes256Gcm.decrypt(recordKey, Base64s.decodeWebSafe(request.data()));
        records.put(request.recordUid(), new StoredRecord(recordKey, json, request.folderUid(), request.subFolderUid()));
    }

    synchronized DeleteSecretResponse deleteSecret(DeleteSecretRequest request) {
        List<DeleteStatus> out = new ArrayList<>();
        for (String uid : request.recordUids()) {
            boolean removed = records.remove(uid) != null;
            out.add(new DeleteStatus(uid, removed ? DeleteStatus.OK : "not_found", removed ? null : "no such record"));
        }
        return new DeleteSecretResponse(out);
    }

    synchronized void createFolder(CreateFolderRequest request) {
        StoredFolder shared = folders.get(request.sharedFolderUid());
        byte[] key = Aes256Cbc.decrypt(shared.key(), Base64s.decodeWebSafe(request.sharedFolderKey()));
        String name = name(Aes256Cbc.decrypt(key, Base64s.decodeWebSafe(request.data())));
        String parent = request.parentUid() == null ? request.sharedFolderUid() : request.parentUid();
        folders.put(request.folderUid(), new StoredFolder(key, name, parent));
    }

    synchronized void updateFolder(UpdateFolderRequest request) {
        StoredFolder f = folders.get(request.folderUid());
        String name = name(Aes256Cbc.decrypt(f.key(), Base64s.decodeWebSafe(request.data())));
        folders.put(request.folderUid(), new StoredFolder(f.key(), name, f.parent()));
    }

    synchronized DeleteFolderResponse deleteFolder(DeleteFolderRequest request) {
        List<FolderDeleteStatus> out = new ArrayList<>();
        for (String uid : request.folderUids()) {
            boolean removed = folders.remove(uid) != null;
            out.add(new FolderDeleteStatus(uid, removed ? DeleteStatus.OK : "not_found", null));
        }
        return new DeleteFolderResponse(List.of(), out);
    }

    synchronized AddFileResponse addFile(AddFileRequest request) {
        StoredRecord ownerRecord = existing(request.ownerRecordUid());
        if (request.ownerRecordRevision() != null && request.ownerRecordRevision() != ownerRecord.revision) {
            throw new CastellanException(ErrorCode.CONFLICT, "owner record changed");
        }
        byte[] fileKey = Ecies.open((ECPrivateKey) owner.getPrivate(), Base64s.decode(request.fileRecordKey()));
        if (!Arrays.equals(fileKey, Aes256Gcm.decrypt(ownerRecord.key, Base64s.decode(request.linkKey())))) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "linkKey does not wrap the file key");
        }
        byte[] meta = Aes256Gcm.decrypt(fileKey, Base64s.decodeWebSafe(request.fileRecordData()));
        byte[] ownerJson = Aes256Gcm.decrypt(ownerRecord.key, Base64s.decodeWebSafe(request.ownerRecordData()));
        uploads.put(request.fileRecordUid(), new PendingUpload(request.ownerRecordUid(), ownerJson,
                new StoredFile(fileKey, meta, null), request.fileSize()));
        String parameters = "{\"key\":\"" + request.fileRecordUid() + "\",\"policy\":\"p0l1cy\",\"n\":7}";
        return new AddFileResponse(baseUrl + "/files/upload/" + request.fileRecordUid(), parameters, 204);
    }

    /** @return the HTTP status of the upload */
    synchronized int upload(String fileUid, Map<String, byte[]> parts) {
        PendingUpload pending = uploads.remove(fileUid);
        byte[] content = parts.get("file");
        if (pending == null || content == null || content.length != pending.size()
                || !fileUid.equals(new String(parts.get("key"), StandardCharsets.UTF_8))
                || !"7".equals(new String(parts.get("n"), StandardCharsets.UTF_8))
                || !List.copyOf(parts.keySet()).equals(List.of("key", "policy", "n", "file"))) {
            return 400;
        }
        files.put(fileUid, new StoredFile(pending.file().key(), pending.file().meta(), content));
        StoredRecord owner = records.get(pending.ownerUid());
        owner.json = pending.ownerJson();
        owner.revision++;
        owner.fileUids.add(fileUid);
        return 204;
    }

    synchronized byte[] download(String fileUid) {
        StoredFile f = files.get(fileUid);
        return f == null ? null : f.encryptedContent();
    }

    private StoredRecord existing(String uid) {
        StoredRecord r = records.get(uid);
        if (r == null) {
            throw new CastellanException(ErrorCode.NOT_FOUND, "no record " + uid);
        }
        return r;
    }

    private static String name(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node.path("name").asText();
        } catch (java.io.IOException e) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "folder data is not JSON");
        }
    }

    static String std(byte[] data) {
        return Base64s.encode(data);
    }
}
