package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code update_secret}: replace a record's encrypted data. The server rejects a stale
 * {@code revision} ({@code CONFLICT}). A {@code "rotation"} transaction stays pending until
 * {@code finalize_secret_update} or {@code rollback_secret_update}.
 *
 * @param clientVersion the SDK version string
 * @param clientId the device's client id
 * @param recordUid the record (web-safe base64 UID)
 * @param data AES-256-GCM(recordKey, record JSON), <b>web-safe</b> base64 without padding
 * @param revision the revision the client last read ({@code null} from old SDKs)
 * @param transactionType {@code "general"} or {@code "rotation"}, or {@code null}
 * @param links2Remove UIDs of record links to remove (JS SDK), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpdateSecretRequest(String clientVersion, String clientId, String recordUid, String data,
                                  Long revision, String transactionType, List<String> links2Remove)
        implements KsmRequest {

    /** {@link #transactionType()} of an ordinary edit. */
    public static final String TRANSACTION_GENERAL = "general";
    /** {@link #transactionType()} of a password rotation, completed by finalize or rollback. */
    public static final String TRANSACTION_ROTATION = "rotation";
}
