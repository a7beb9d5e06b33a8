package io.castellan.sdk;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.SecretBytes;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.ksm.CompleteTransactionRequest;
import io.castellan.model.ksm.CreateSecretRequest;
import io.castellan.model.ksm.DeleteSecretRequest;
import io.castellan.model.ksm.DeleteSecretResponse;
import io.castellan.model.ksm.DeleteStatus;
import io.castellan.model.ksm.KsmEndpoint;
import io.castellan.model.ksm.UpdateSecretRequest;
import io.castellan.model.record.RecordData;
import java.util.List;
import java.util.Objects;

/**
 * The record-changing calls, encrypted as Keeper's SDKs encrypt them (ksm-protocol.md §3):
 * <ul>
 *   <li>{@code update_secret}: {@code data} = AES-GCM(recordKey, record JSON), web-safe base64, with the revision
 *       read and an optional transaction type;</li>
 *   <li>{@code finalize_secret_update} / {@code rollback_secret_update}: complete a rotation transaction;</li>
 *   <li>{@code create_secret}: a fresh record key and UID; {@code recordKey} = ECIES to the application owner's
 *       public key (standard base64), {@code folderKey} = AES-GCM(shared folder key, recordKey) (standard base64),
 *       {@code data} web-safe base64;</li>
 *   <li>{@code delete_secret}.</li>
 * </ul>
 */
final class RecordWriter {

    private final DeviceCalls calls;
    private final FolderReader folders;

    RecordWriter(DeviceCalls calls, FolderReader folders) {
        this.calls = calls;
        this.folders = folders;
    }

    void update(Secret secret, TransactionType type) {
        Objects.requireNonNull(secret, "secret");
        String data = Base64s.encodeWebSafe(Aes256Gcm.encrypt(secret.recordKey(), secret.data().toBytes()));
        calls.send(KsmEndpoint.UPDATE_SECRET, new UpdateSecretRequest(calls.clientVersion(), calls.clientId(),
                secret.uid(), data, secret.revision(), type == null ? null : type.wireName(), null));
    }

    void complete(String recordUid, boolean rollback) {
        requireUid(recordUid);
        calls.send(rollback ? KsmEndpoint.ROLLBACK_SECRET_UPDATE : KsmEndpoint.FINALIZE_SECRET_UPDATE,
                new CompleteTransactionRequest(calls.clientVersion(), calls.clientId(), recordUid));
    }

    /**
     * @param folderUid a shared folder, or a sub-folder (the record then goes into it, under its shared folder)
     * @param record the new record's data
     * @return the new record's UID
     */
    String create(String folderUid, RecordData record) {
        requireUid(folderUid);
        FolderTree tree = FolderTree.of(folders.get());
        SecretFolder shared = tree.sharedFolderOf(folderUid);
        String subFolder = folderUid.equals(shared.uid()) ? null : folderUid;
        String uid = Uids.newUid();
        try (SecretBytes recordKey = SecretBytes.random(32)) {
            byte[] key = recordKey.bytes();
            calls.send(KsmEndpoint.CREATE_SECRET, new CreateSecretRequest(calls.clientVersion(), calls.clientId(),
                    uid, Base64s.encode(Ecies.seal(calls.state().ownerPublicKey(), key)), shared.uid(),
                    Base64s.encode(Aes256Gcm.encrypt(shared.folderKey(), key)),
                    Base64s.encodeWebSafe(Aes256Gcm.encrypt(key, record.toBytes())), subFolder));
        }
        return uid;
    }

    List<DeleteStatus> delete(List<String> recordUids) {
        recordUids.forEach(RecordWriter::requireUid);
        DeleteSecretResponse answer = calls.call(KsmEndpoint.DELETE_SECRET,
                new DeleteSecretRequest(calls.clientVersion(), calls.clientId(), List.copyOf(recordUids)),
                DeleteSecretResponse.class);
        return answer.records() == null ? List.of() : answer.records();
    }

    static void requireUid(String uid) {
        if (!Uids.isValid(uid)) {
            throw new CastellanException(ErrorCode.BAD_REQUEST, "not a UID: " + SecretsReader.printable(uid));
        }
    }
}
