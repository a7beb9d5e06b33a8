package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code delete_secret}: delete records; answered by {@link DeleteSecretResponse}.
 *
 * @param clientVersion the SDK version string
 * @param clientId the device's client id
 * @param recordUids the records to delete
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeleteSecretRequest(String clientVersion, String clientId, List<String> recordUids)
        implements KsmRequest {
}
