package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome for one record in a delete response.
 *
 * @param recordUid the record
 * @param responseCode {@code "ok"} or a failure code
 * @param errorMessage a safe explanation, or {@code null}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DeleteStatus(String recordUid, String responseCode, String errorMessage) {

    /** {@link #responseCode()} of a successful deletion. */
    public static final String OK = "ok";
}
