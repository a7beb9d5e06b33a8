package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code create_secret}: create a record in a shared folder (optionally in one of its sub-folders).
 *
 * @param clientVersion the SDK version string
 * @param clientId the device's client id
 * @param recordUid the new record's UID, chosen by the client (16 random bytes, web-safe base64)
 * @param recordKey ECIES(appOwnerPublicKey, recordKey), standard base64 — for the vault owner
 * @param folderUid the shared folder
 * @param folderKey AES-256-GCM(sharedFolderKey, recordKey), standard base64
 * @param data AES-256-GCM(recordKey, record JSON), web-safe base64
 * @param subFolderUid the sub-folder to place the record in, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateSecretRequest(String clientVersion, String clientId, String recordUid, String recordKey,
                                  String folderUid, String folderKey, String data, String subFolderUid)
        implements KsmRequest {
}
