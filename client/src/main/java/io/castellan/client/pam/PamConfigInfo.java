package io.castellan.client.pam;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.client.api.Wire;
import java.util.List;

/** A PAM configuration's server-side metadata as {@code pam_config_list} answers it. */
public record PamConfigInfo(String uid, String environment, String gatewayUid, String sharedFolderUid,
        List<String> features, JsonNode schedule, JsonNode portMapping) {

    static PamConfigInfo of(JsonNode entry) {
        return new PamConfigInfo(Wire.text(entry, "uid"), Wire.text(entry, "environment"),
                Wire.text(entry, "gatewayUid"), Wire.text(entry, "sharedFolderUid"), Wire.texts(entry, "features"),
                entry.path("schedule"), entry.path("portMapping"));
    }
}
