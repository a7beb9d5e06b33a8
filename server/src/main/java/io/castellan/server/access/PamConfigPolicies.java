package io.castellan.server.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.server.enterprise.EnforcementPolicy;
import io.castellan.server.pam.PamFeature;
import io.castellan.store.PamConfiguration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The policies a {@code pam_config_add} or {@code pam_config_edit} needs, from what it changes: each feature set or
 * cleared needs the policy that configures it, and a port mapping needs the tunneling one. A malformed request needs
 * nothing here; the command refuses it naming the field.
 */
final class PamConfigPolicies {

    static final Map<PamFeature, EnforcementPolicy> BY_FEATURE = new EnumMap<>(Map.of(
            PamFeature.ROTATION, EnforcementPolicy.ALLOW_CONFIGURE_ROTATION_SETTINGS,
            PamFeature.TUNNELING, EnforcementPolicy.ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS,
            PamFeature.CONNECTIONS, EnforcementPolicy.ALLOW_CONFIGURE_PAM_CLOUD_CONNECTION_SETTINGS,
            PamFeature.GRAPHICAL_RECORDING, EnforcementPolicy.ALLOW_CONFIGURE_PAM_CLOUD_CONNECTION_SETTINGS,
            PamFeature.TEXT_RECORDING, EnforcementPolicy.ALLOW_CONFIGURE_PAM_CLOUD_CONNECTION_SETTINGS,
            PamFeature.REMOTE_BROWSER_ISOLATION, EnforcementPolicy.ALLOW_CONFIGURE_RBI));

    private PamConfigPolicies() {
    }

    /**
     * @param body the request
     * @param old  the configuration being edited; empty for a new one
     */
    static Set<EnforcementPolicy> needed(JsonNode body, Optional<PamConfiguration> old) {
        Set<EnforcementPolicy> needed = EnumSet.noneOf(EnforcementPolicy.class);
        if (body == null || !body.isObject()) {
            return needed;
        }
        JsonNode features = body.get("features");
        if (features != null && features.isArray()) {
            Set<String> next = new HashSet<>();
            features.forEach(f -> next.add(f.asText()));
            Set<String> before = new HashSet<>(old.map(PamConfiguration::features).orElse(List.of()));
            for (PamFeature feature : PamFeature.values()) {
                if (next.contains(feature.wireName()) != before.contains(feature.wireName())) {
                    needed.add(BY_FEATURE.get(feature));
                }
            }
        }
        JsonNode ports = body.get("portMapping");
        if (ports != null && !ports.isNull() && !(old.isEmpty() && ports.isObject() && ports.isEmpty())) {
            needed.add(EnforcementPolicy.ALLOW_CONFIGURE_PAM_TUNNELING_SETTINGS);
        }
        return needed;
    }
}
