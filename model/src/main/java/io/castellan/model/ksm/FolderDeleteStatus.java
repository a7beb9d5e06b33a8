package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome for one folder in a {@code delete_folder} response.
 *
 * @param folderUid the folder
 * @param responseCode {@code "ok"} or a failure code
 * @param errorMessage a safe explanation, or {@code null}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FolderDeleteStatus(String folderUid, String responseCode, String errorMessage) {
}
