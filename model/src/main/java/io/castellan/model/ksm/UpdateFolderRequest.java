package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code update_folder}: rename a folder.
 *
 * @param clientVersion the SDK version string
 * @param clientId the device's client id
 * @param folderUid the folder
 * @param data {@code {"name":...}} AES-256-CBC under the folder's key, standard base64
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpdateFolderRequest(String clientVersion, String clientId, String folderUid, String data)
        implements KsmRequest {
}
