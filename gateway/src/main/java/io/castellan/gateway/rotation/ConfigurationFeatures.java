package io.castellan.gateway.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.model.record.RecordData;
import io.castellan.model.record.RecordField;
import java.util.Optional;

/**
 * The features a PAM configuration allows, as its record says ({@code pamResources} → {@code allowedSettings}, written
 * client-side by {@code pam config new|edit}). The server enforces its own copy; the gateway checks the record too,
 * so a server that sent a job the configuration's owner never allowed is still refused: the record is encrypted
 * under keys the server does not hold, so it cannot rewrite it.
 */
public final class ConfigurationFeatures {

    private ConfigurationFeatures() {
    }

    /**
     * @return whether the configuration record allows {@code feature}; empty when the record states no feature list
     *     (a configuration made before features were written into the record)
     */
    public static Optional<Boolean> allows(RecordData config, String feature) {
        Optional<JsonNode> resources = config.findField("pamResources").flatMap(RecordField::firstValue);
        if (resources.isEmpty() || !resources.get().path("allowedSettings").isObject()) {
            return Optional.empty();
        }
        JsonNode flag = resources.get().path("allowedSettings").path(feature);
        return Optional.of(flag.isBoolean() && flag.booleanValue());
    }
}
