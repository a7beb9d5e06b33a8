package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A record in a {@code get_secret} response. Every key except {@code links} is always written,
 * as {@code null} when empty ({@code files} and {@code innerFolderUid} in particular: omitting
 * them breaks Keeper's Java SDK 17.0). {@code links} is written only when requested.
 *
 * @param recordUid the record's UID (web-safe base64, 22 characters)
 * @param recordKey the record key, AES-256-GCM under the app key (direct share) or the folder
 *     key (in a shared folder), standard base64
 * @param data AES-256-GCM(recordKey, record JSON), standard base64
 * @param revision the record's revision, echoed back by {@code update_secret}
 * @param isEditable whether the application may update the record
 * @param files attached files, or {@code null}
 * @param innerFolderUid the sub-folder holding the record, or {@code null}
 * @param folderUid the folder the record was shared through, or {@code null}
 * @param links record links when {@code requestLinks} was set (JS 17.5 / Java 17.3), else {@code null} (omitted)
 * @param pendingData Castellan extension, only when the request set {@code includePending}: the data of this
 *     application's pending rotation of the record, AES-256-GCM(recordKey, record JSON), standard base64; else
 *     {@code null} (omitted)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ResponseRecord(String recordUid, String recordKey, String data, long revision,
                             @JsonProperty("isEditable") boolean isEditable, List<ResponseFile> files,
                             String innerFolderUid, String folderUid,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<RecordLink> links,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String pendingData) {

    /** A record as Keeper's SDKs know it (no pending data). */
    public ResponseRecord(String recordUid, String recordKey, String data, long revision, boolean isEditable,
                          List<ResponseFile> files, String innerFolderUid, String folderUid, List<RecordLink> links) {
        this(recordUid, recordKey, data, revision, isEditable, files, innerFolderUid, folderUid, links, null);
    }
}
