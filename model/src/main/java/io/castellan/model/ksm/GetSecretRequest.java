package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code get_secret}: fetch the records and folders shared with the device's application.
 *
 * @param clientVersion the SDK version string
 * @param clientId the device's client id
 * @param publicKey first call only (binding): standard base64 of the device's raw 65-byte P-256 point
 * @param requestedRecords record UIDs to limit the answer to (web-safe base64, 22 chars), or {@code null}
 * @param requestedFolders folder UIDs to limit the answer to, or {@code null} (JS 17.5 / Java 17.3)
 * @param requestLinks whether to include record {@code links} (JS 17.5 / Java 17.3), or {@code null}
 * @param includePending Castellan extension (Keeper SDKs never send it): also answer, per record, the data of a
 *     pending rotation this application started ({@link ResponseRecord#pendingData()}), so a gateway that died in
 *     the middle of a rotation can tell which password the target holds; {@code null} = no
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GetSecretRequest(String clientVersion, String clientId, String publicKey,
                               List<String> requestedRecords, List<String> requestedFolders,
                               Boolean requestLinks, Boolean includePending) implements KsmRequest {

    /** A request as Keeper's SDKs make it (no Castellan extension). */
    public GetSecretRequest(String clientVersion, String clientId, String publicKey, List<String> requestedRecords,
                            List<String> requestedFolders, Boolean requestLinks) {
        this(clientVersion, clientId, publicKey, requestedRecords, requestedFolders, requestLinks, null);
    }
}
