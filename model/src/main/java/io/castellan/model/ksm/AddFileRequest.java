package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code add_file}: create a file record and link it to its owner record; answered by
 * {@link AddFileResponse}, after which the client uploads the encrypted bytes.
 *
 * @param clientVersion the SDK version string
 * @param clientId the device's client id
 * @param fileRecordUid the new file record's UID
 * @param fileRecordKey ECIES(appOwnerPublicKey, fileKey), standard base64 — for the vault owner
 * @param fileRecordData file metadata {@code {title,name,type,size,lastModified}} GCM under the file key, web-safe base64
 * @param ownerRecordUid the record the file is attached to
 * @param ownerRecordData the owner record's new data (with the {@code fileRef}), GCM, web-safe base64
 * @param linkKey the file key, GCM under the owner's record key, standard base64
 * @param fileSize size of the encrypted file content in bytes
 * @param ownerRecordRevision the owner revision the client read (JS 17.5 / Java 17.3), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AddFileRequest(String clientVersion, String clientId, String fileRecordUid, String fileRecordKey,
                             String fileRecordData, String ownerRecordUid, String ownerRecordData, String linkKey,
                             Long fileSize, Long ownerRecordRevision) implements KsmRequest {
}
