package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code delete_folder}: delete folders; answered by {@link DeleteFolderResponse}.
 *
 * @param clientVersion the SDK version string
 * @param clientId the device's client id
 * @param folderUids the folders to delete
 * @param forceDeletion whether to delete non-empty folders with their contents
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeleteFolderRequest(String clientVersion, String clientId, List<String> folderUids,
                                  Boolean forceDeletion) implements KsmRequest {
}
