package io.castellan.client.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a non-200 answer of the user API into a {@link CastellanException}. The body is plaintext JSON
 * {@code {"error":"<code>","message":"<safe text>", …details}}; the code is looked up in the catalogue (an unknown
 * code is treated as {@link ErrorCode#INTERNAL}, as {@code docs/errors.md} requires) and every other key is kept as
 * a detail ({@code revision}, {@code policy}, {@code key_id}, {@code totpRequired}, …).
 *
 * <p>The server's message is safe to show by contract, but it still comes from the network: control characters
 * are removed and its length is bounded so a hostile answer cannot drive the user's terminal.
 */
public final class ApiErrors {

    /** Detail added to every error built from a server answer: the HTTP status. */
    public static final String DETAIL_HTTP_STATUS = "httpStatus";

    /** Longest server message shown. */
    static final int MAX_MESSAGE = 300;

    private static final ObjectMapper MAPPER = Json.newMapper();

    private ApiErrors() {
    }

    /**
     * @param status the HTTP status
     * @param body the response body
     * @return the exception to throw
     */
    public static CastellanException fromResponse(int status, byte[] body) {
        JsonNode json = parse(body);
        if (json == null || !json.path("error").isTextual()) {
            return new CastellanException(ErrorCode.INTERNAL,
                    "the server answered HTTP " + status + " without a Castellan error body",
                    Map.of(DETAIL_HTTP_STATUS, Integer.toString(status)), null);
        }
        String wireCode = json.get("error").textValue();
        ErrorCode code = ErrorCode.fromCode(wireCode).orElse(ErrorCode.INTERNAL);
        String message = clean(json.path("message").asText(""));
        if (message.isEmpty()) {
            message = "the server refused the request";
        }
        if (code == ErrorCode.INTERNAL && !"internal".equals(wireCode)) {
            message = message + " (server error " + clean(wireCode) + ", HTTP " + status + ")";
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put(DETAIL_HTTP_STATUS, Integer.toString(status));
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!"error".equals(e.getKey()) && !"message".equals(e.getKey())
                    && !DETAIL_HTTP_STATUS.equals(e.getKey())) {
                JsonNode v = e.getValue();
                details.put(clean(e.getKey()), clean(v.isValueNode() ? v.asText() : v.toString()));
            }
        }
        return new CastellanException(code, message, details, null);
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Drops control characters and bounds the length. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_MESSAGE));
        text.codePoints().filter(c -> !Character.isISOControl(c) && c != 0x2028 && c != 0x2029)
                .limit(MAX_MESSAGE).forEach(out::appendCodePoint);
        return out.toString();
    }
}
