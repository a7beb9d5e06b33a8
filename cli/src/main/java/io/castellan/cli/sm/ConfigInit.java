package io.castellan.cli.sm;

import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.ClientConfigCodec;
import java.util.Map;

/**
 * The forms of {@code client add --config-init}: a device configuration in Keeper's key layout as pretty JSON, as
 * standard base64 of that JSON (what {@code GATEWAY_CONFIG} and the Keeper SDKs' base64 config accept), or as a
 * Kubernetes {@code Secret} manifest carrying the base64 form under {@code data.config} (Kubernetes decodes it, so
 * the mounted file or variable holds the JSON).
 */
enum ConfigInit {

    json, b64, k8s;

    /** The name of the Kubernetes secret, as Keeper's Commander names it. */
    static final String K8S_SECRET_NAME = "ksm-config";

    /**
     * @param values the configuration
     * @param index which of {@code count} configurations this is (from 1), for the Kubernetes secret's name
     * @param count how many are printed together
     * @return the text to print (no trailing newline)
     */
    String render(Map<String, String> values, int index, int count) {
        ClientConfig config = ClientConfig.of(values);
        return switch (this) {
            case json -> ClientConfigCodec.toJson(config);
            case b64 -> ClientConfigCodec.toBase64(config);
            case k8s -> String.join("\n",
                    "apiVersion: v1",
                    "kind: Secret",
                    "metadata:",
                    "  name: " + (count == 1 ? K8S_SECRET_NAME : K8S_SECRET_NAME + "-" + index),
                    "type: Opaque",
                    "data:",
                    "  config: " + ClientConfigCodec.toBase64(config));
        };
    }

    /** @return what goes between two configurations printed together */
    String separator() {
        return this == k8s ? "---" : "";
    }
}
