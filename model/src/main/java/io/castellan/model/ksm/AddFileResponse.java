package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code add_file} response: where and how the client uploads the encrypted content. The
 * client POSTs {@code multipart/form-data} to {@code url} with every key of {@code parameters}
 * followed by a part named {@code file}, and expects {@code successStatusCode}.
 *
 * @param url the upload URL (must be https with a certificate the JVM trusts)
 * @param parameters form fields as a JSON <b>string</b> (not an object), e.g. {@code "{\"key\":\"...\"}"}
 * @param successStatusCode the HTTP status the upload answers on success
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AddFileResponse(String url, String parameters, int successStatusCode) {
}
