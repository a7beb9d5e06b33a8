package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code get_folders} response: shared folders and their sub-folders (sub-folder keys and
 * all folder names are AES-256-CBC; see {@link ResponseFolder}).
 *
 * @param folders the folders, or {@code null}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record GetFoldersResponse(List<ResponseFolder> folders) {
}
