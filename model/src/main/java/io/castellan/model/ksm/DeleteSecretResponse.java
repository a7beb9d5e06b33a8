package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The {@code delete_secret} response.
 *
 * @param records one status per requested record
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DeleteSecretResponse(List<DeleteStatus> records) {
}
