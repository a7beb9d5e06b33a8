package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code finalize_secret_update} or {@code rollback_secret_update}: commit or discard a pending
 * rotation transaction opened by {@link UpdateSecretRequest} with type {@code "rotation"}.
 *
 * @param clientVersion the SDK version string
 * @param clientId the device's client id
 * @param recordUid the record whose transaction completes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompleteTransactionRequest(String clientVersion, String clientId, String recordUid)
        implements KsmRequest {
}
