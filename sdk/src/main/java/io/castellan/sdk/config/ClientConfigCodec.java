package io.castellan.sdk.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes device configurations as JSON or as base64 of that JSON (what {@code --config-init b64} and the
 * {@code GATEWAY_CONFIG} variable carry), accepting either form on input like the Keeper SDKs do.
 */
public final class ClientConfigCodec {

    /** Larger inputs are refused: a real configuration is well under 4 KiB. */
    static final int MAX_INPUT_CHARS = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClientConfigCodec() {
    }

    /** Parses JSON or base64-encoded JSON; errors name the problem, never the content. */
    public static ClientConfig parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidClientConfigException("configuration is empty");
        }
        if (text.length() > MAX_INPUT_CHARS) {
            throw new InvalidClientConfigException("configuration is larger than " + MAX_INPUT_CHARS + " characters");
        }
        String trimmed = text.strip();
        boolean looksLikeJson = trimmed.startsWith("{") || trimmed.startsWith("[");
        String json = looksLikeJson ? trimmed : decodeBase64(trimmed);
        return fromJson(json);
    }

    /** Pretty JSON with keys sorted. */
    public static String toJson(ClientConfig config) {
        ObjectNode node = JSON.createObjectNode();
        config.asMap().forEach(node::put);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write configuration", e);
        }
    }

    /** Standard base64 of the compact JSON. */
    public static String toBase64(ClientConfig config) {
        ObjectNode node = JSON.createObjectNode();
        config.asMap().forEach(node::put);
        return Base64.getEncoder().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeBase64(String text) {
        try {
            return new String(Base64.getDecoder().decode(text.replaceAll("\\s", "")), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidClientConfigException("configuration is neither JSON nor base64 of JSON");
        }
    }

    private static ClientConfig fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidClientConfigException("configuration is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidClientConfigException("configuration must be a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isValueNode() || v.isNull()) {
                throw new InvalidClientConfigException("configuration key '" + e.getKey() + "' must be a string");
            }
            values.put(e.getKey(), v.asText());
        }
        return ClientConfig.of(values);
    }
}
