package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.Objects;

/**
 * The plain-text (unencrypted) JSON body of a non-200 device-API response, in Keeper's shapes:
 * <ul>
 *   <li>general: {@code {"path","additional_info","location","error","message"}} — the SDKs throw
 *       the body text; their tests look at {@code message};</li>
 *   <li>server key: {@code {"error":"key","key_id":N}} — the SDK stores {@code N} as
 *       {@code serverPublicKeyId} and retries;</li>
 *   <li>throttling: {@code {"error":"throttled","retry_after":s}} with HTTP 403 — JS 17.5 and Java
 *       17.3 wait and retry.</li>
 * </ul>
 * Absent members are omitted. The HTTP status is {@link ErrorCode#ksmHttpStatus()} of the code
 * the body was made from. Messages come from {@link CastellanException}s and are therefore safe.
 *
 * @param path the request path, e.g. {@code "get_secret"}, or {@code null}
 * @param additionalInfo extra safe text ({@code ""} in Keeper's bodies), or {@code null}
 * @param location where the error was raised, or {@code null}
 * @param error the machine-readable error ({@link ErrorCode#ksmError()})
 * @param message a human-readable, safe message, or {@code null}
 * @param keyId the server key id to use, for {@code "key"} only
 * @param retryAfter seconds to wait, for {@code "throttled"} only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KsmError(String path,
                       @JsonProperty("additional_info") String additionalInfo,
                       String location,
                       String error,
                       String message,
                       @JsonProperty("key_id") Integer keyId,
                       @JsonProperty("retry_after") Long retryAfter) {

    /** The {@code location} Castellan reports. */
    public static final String LOCATION = "castellan device api";

    /**
     * @param e the failure
     * @param path the request path, e.g. {@code "get_secret"}
     * @return the general-shape body
     */
    public static KsmError from(CastellanException e, String path) {
        return new KsmError(Objects.requireNonNull(path, "path"), "", LOCATION, e.code().ksmError(),
                e.getMessage(), null, null);
    }

    /**
     * @param keyId the server public key id the device must seal its transmission keys to
     * @return {@code {"error":"key","key_id":keyId}}
     */
    public static KsmError key(int keyId) {
        return new KsmError(null, null, null, ErrorCode.TRANSMISSION_KEY_REJECTED.ksmError(), null, keyId, null);
    }

    /**
     * @param retryAfterSeconds seconds the device should wait
     * @return {@code {"error":"throttled","message":...,"retry_after":s}}
     */
    public static KsmError throttled(long retryAfterSeconds) {
        return new KsmError(null, null, null, ErrorCode.THROTTLED.ksmError(),
                "too many requests; retry after " + retryAfterSeconds + " seconds", null, retryAfterSeconds);
    }
}
