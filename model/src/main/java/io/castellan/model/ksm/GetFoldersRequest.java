package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code get_folders}: list the folders (shared folders and their sub-folders) the application sees.
 *
 * @param clientVersion the SDK version string
 * @param clientId the device's client id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GetFoldersRequest(String clientVersion, String clientId) implements KsmRequest {
}
