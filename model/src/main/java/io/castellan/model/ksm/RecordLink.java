package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A record link ({@code links} of a {@link ResponseRecord}): a resource's link to its credential,
 * or a self-link carrying settings.
 *
 * @param recordUid the linked record (the owning record for self-links)
 * @param data standard base64 of the link's JSON, or of its AES-256-GCM ciphertext under the
 *     owning record's key for {@code ai_settings}/{@code jit_settings}; or {@code null}
 * @param path {@code "meta"}, {@code "ai_settings"}, {@code "jit_settings"}, or {@code null} for a credential link
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RecordLink(String recordUid, String data, String path) {
}
