package io.castellan.model.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.castellan.model.json.Json;
import io.castellan.model.json.JsonLimits;
import java.nio.charset.StandardCharsets;

/** Constants, the signed-bytes rule and the strict codec of the Router protocol. */
public final class GatewayProtocol {

    /** Protocol version in {@link Challenge}. */
    public static final int VERSION = 1;

    /** Path of the WebSocket endpoint on the server. */
    public static final String CONNECT_PATH = "/api/gateway/v1/connect";

    /** Largest frame either side accepts, in bytes. Frames are small; anything bigger is hostile. */
    public static final int MAX_FRAME_BYTES = 64 * 1024;

    private static final String SIGNATURE_CONTEXT = "castellan-gateway-auth-v1";

    private static final JsonMapper MAPPER = Json.newMapper(new JsonLimits(MAX_FRAME_BYTES, 8));

    private GatewayProtocol() {
    }

    /**
     * The bytes a gateway signs in {@link Hello}: a context label, its client id and the nonce, so a signature
     * made for one purpose or one connection is worthless for another.
     *
     * @param clientId the gateway's client id
     * @param nonce the challenge nonce
     * @return UTF-8 of {@code castellan-gateway-auth-v1|clientId|nonce}
     */
    public static byte[] signedBytes(String clientId, String nonce) {
        return (SIGNATURE_CONTEXT + "|" + clientId + "|" + nonce).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param frame a frame
     * @return its JSON text
     */
    public static String encode(GatewayFrame frame) {
        try {
            return MAPPER.writerFor(GatewayFrame.class).writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a " + frame.getClass().getSimpleName() + " frame", e);
        }
    }

    /**
     * Parses one frame from hostile input: size-bounded, strict (unknown properties, duplicate keys and unknown
     * frame types are errors).
     *
     * @param text the frame's JSON text
     * @return the frame
     * @throws IllegalArgumentException naming the problem, never echoing more than a short printable prefix
     */
    public static GatewayFrame decode(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty frame");
        }
        if (text.length() > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("frame too large: " + text.length() + " characters (limit "
                    + MAX_FRAME_BYTES + ")");
        }
        try {
            GatewayFrame frame = MAPPER.readValue(text, GatewayFrame.class);
            if (frame == null) {
                throw new IllegalArgumentException("frame is null");
            }
            return frame;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed frame: " + e.getOriginalMessage());
        }
    }

    /**
     * @param value untrusted text
     * @return at most 40 printable ASCII characters of it, for error messages
     */
    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && sb.length() < 40; i++) {
            char c = value.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
