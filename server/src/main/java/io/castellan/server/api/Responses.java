package io.castellan.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Base64s;
import java.util.Collection;

/** Building response objects: binary values as standard base64. */
public final class Responses {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Responses() {
    }

    /** An empty object: the response of commands that answer {@code {}}. */
    public static ObjectNode empty() {
        return NODES.objectNode();
    }

    /** An empty object to fill. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static String b64(byte[] bytes) {
        return Base64s.encode(bytes);
    }

    /** A JSON array of strings. */
    public static ArrayNode strings(Collection<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
