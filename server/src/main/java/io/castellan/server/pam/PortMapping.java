package io.castellan.server.pam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.json.Json;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A configuration's port mapping: non-standard ports and the protocol they speak ({@code {"2222": "ssh"}}, from the
 * CLI's {@code --port-mapping 2222=ssh}). Stored as canonical JSON ordered by port.
 */
final class PortMapping {

    static final int MAX_ENTRIES = 64;
    private static final Pattern PROTOCOL = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = Json.newMapper();

    private PortMapping() {
    }

    /** The mapping in {@code field} as stored JSON ({@code {}} when empty). */
    static String read(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (!(value instanceof ObjectNode mapping)) {
            throw PamFields.bad(field, "must be a JSON object of port to protocol");
        }
        if (mapping.size() > MAX_ENTRIES) {
            throw PamFields.invalid(field, "has more than " + MAX_ENTRIES + " entries");
        }
        Map<Integer, String> ports = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : mapping.properties()) {
            int port = port(e.getKey(), field);
            if (!e.getValue().isTextual() || !PROTOCOL.matcher(e.getValue().textValue()).matches()) {
                throw PamFields.invalid(field, "the protocol of port " + port + " must be a lower-case name such as"
                        + " ssh, rdp or postgresql");
            }
            ports.put(port, e.getValue().textValue());
        }
        ObjectNode canonical = JSON.createObjectNode();
        ports.forEach((port, protocol) -> canonical.put(Integer.toString(port), protocol));
        try {
            return JSON.writeValueAsString(canonical);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode node(String stored) {
        try {
            return JSON.readTree(stored);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int port(String key, String field) {
        if (!key.matches("[0-9]{1,5}")) {
            throw PamFields.invalid(field, "\"" + Schedules.printable(key) + "\" is not a port number");
        }
        int port = Integer.parseInt(key);
        if (port < 1 || port > 65535) {
            throw PamFields.invalid(field, "port " + port + " is outside 1-65535");
        }
        return port;
    }
}
