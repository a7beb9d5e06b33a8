package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code delete_folder} response.
 *
 * @param records statuses of records deleted with the folders
 * @param folders one status per requested folder
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DeleteFolderResponse(List<DeleteStatus> records, List<FolderDeleteStatus> folders) {
}
