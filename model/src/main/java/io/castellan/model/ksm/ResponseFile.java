package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A file attached to a record in a {@code get_secret} response; every key is always written.
 *
 * @param fileUid the file record's UID
 * @param fileKey the file key, AES-256-GCM under the record key, standard base64
 * @param data file metadata {@code {title,name,type,size,lastModified}} GCM under the file key, standard base64
 * @param url where the encrypted content is downloaded with a plain GET (must be https)
 * @param thumbnailUrl where a thumbnail is downloaded, or {@code null}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ResponseFile(String fileUid, String fileKey, String data, String url, String thumbnailUrl) {
}
