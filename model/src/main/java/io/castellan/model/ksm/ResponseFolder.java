package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A folder in a {@code get_secret} or {@code get_folders} response. {@code folderUid},
 * {@code folderKey}, {@code data}, {@code parent} and {@code records} are always written (as
 * {@code null} when empty); {@code isEditable} only when known.
 *
 * @param folderUid the folder's UID (web-safe base64)
 * @param folderKey standard base64: a shared folder's key is AES-256-GCM under the app key; a
 *     sub-folder's key ({@code get_folders}) is AES-256-CBC under its shared folder's key
 * @param data {@code {"name":...}} AES-256-CBC under the folder's key, standard base64, or {@code null}
 * @param parent the parent folder's UID, or {@code null} for a shared folder
 * @param isEditable whether the application may edit the folder's records, or {@code null}
 * @param records the folder's records, or {@code null}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ResponseFolder(String folderUid, String folderKey, String data, String parent,
                             @JsonProperty("isEditable") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean isEditable,
                             List<ResponseRecord> records) {
}
