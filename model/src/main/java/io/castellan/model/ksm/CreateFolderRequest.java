package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code create_folder}: create a sub-folder inside a shared folder.
 *
 * @param clientVersion the SDK version string
 * @param clientId the device's client id
 * @param folderUid the new folder's UID, chosen by the client
 * @param sharedFolderUid the shared folder it belongs to
 * @param sharedFolderKey the new folder's key, <b>AES-256-CBC</b> under the shared folder's key, standard base64
 * @param data {@code {"name":...}} AES-256-CBC under the new folder's key, standard base64
 * @param parentUid the parent sub-folder, or {@code null} for the shared folder's root
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateFolderRequest(String clientVersion, String clientId, String folderUid, String sharedFolderUid,
                                  String sharedFolderKey, String data, String parentUid) implements KsmRequest {
}
