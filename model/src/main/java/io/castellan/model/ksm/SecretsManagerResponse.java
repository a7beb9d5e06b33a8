package io.castellan.model.ksm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The {@code get_secret} response (ksm-protocol.md §1.6).
 *
 * <p>Every key is always written, as {@code null} when there is no value: Keeper's Java SDK 17.0
 * decodes with strict classes and fails with {@code MissingFieldException} when one is absent.
 * Encodings: {@code encryptedAppKey} and {@code appOwnerPublicKey} are <b>standard</b> base64;
 * {@code appData} is <b>web-safe</b> base64.
 *
 * @param appData AES-256-GCM(appKey, {"title","type":"app"}), web-safe base64, or {@code null}
 * @param encryptedAppKey at binding only: AES-256-GCM(clientKey, appKey), standard base64; else {@code null}
 * @param appOwnerPublicKey at binding only: the owner's raw P-256 public key, standard base64; else {@code null}
 * @param folders shared folders with their records, or {@code null}
 * @param records records shared directly with the application, or {@code null}
 * @param expiresOn epoch milliseconds when the device's access expires, {@code 0} for never
 * @param warnings messages the SDK shows the user, or {@code null}
 * @param extra reserved by Keeper; {@code null}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SecretsManagerResponse(String appData, String encryptedAppKey, String appOwnerPublicKey,
                                     List<ResponseFolder> folders, List<ResponseRecord> records, Long expiresOn,
                                     List<String> warnings, JsonNode extra) {

    /** Normalises a JSON {@code null} in {@code extra} to Java {@code null}. */
    public SecretsManagerResponse {
        extra = extra == null || extra.isNull() ? null : extra;
    }
}
