package io.castellan.sdk.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;
import io.castellan.model.json.JsonLimits;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A non-200 device-API answer: the plain JSON body Keeper's servers (and Castellan's) send, e.g.
 * {@code {"path":…,"error":"access_denied","message":"Signature is invalid"}},
 * {@code {"error":"key","key_id":2}} or {@code {"error":"throttled","retry_after":5}}; or a body that is not JSON at
 * all (a proxy's error page), which is then judged by its HTTP status only.
 *
 * <p>The {@code error} string is mapped to an {@link ErrorCode}: first as one of Castellan's own codes (the server
 * may send {@code not_found}, {@code conflict}, …), then as a Keeper rendering ({@code access_denied} →
 * {@link ErrorCode#UNAUTHENTICATED}, the first catalogue entry with that rendering; Keeper uses it for bad
 * signatures, unknown clients and spent tokens); an unknown {@code error} is {@link ErrorCode#INTERNAL}, as
 * {@code docs/errors.md} asks of clients; a body without one is judged by its HTTP status. The server's message is kept
 * (control characters removed, at most 300 characters) because server messages are safe by contract; the body
 * itself is never put into the exception.
 *
 * @param status the HTTP status
 * @param error the {@code error} string, or {@code null}
 * @param message the {@code message} string, or {@code null}
 * @param keyId {@code key_id} of a key error, or {@code null}
 * @param retryAfter {@code retry_after} of a throttling error, or {@code null}
 */
public record DeviceError(int status, String error, String message, Integer keyId, Long retryAfter) {

    private static final JsonMapper JSON = Json.newMapper(new JsonLimits(64 * 1024, 8));

    /**
     * @param status the HTTP status
     * @param body the response body
     * @return the parsed error
     */
    public static DeviceError parse(int status, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (Exception e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            return new DeviceError(status, null, null, null, null);
        }
        return new DeviceError(status, text(root, "error"), text(root, "message"),
                root.path("key_id").canConvertToInt() ? root.path("key_id").intValue() : null,
                root.path("retry_after").canConvertToLong() ? root.path("retry_after").longValue() : null);
    }

    /** @return whether the server asks for another transmission key id */
    public boolean isKeyError() {
        return ErrorCode.TRANSMISSION_KEY_REJECTED.ksmError().equals(error) && keyId != null;
    }

    /** @return whether the server asks the device to slow down */
    public boolean isThrottled() {
        return ErrorCode.THROTTLED.ksmError().equals(error);
    }

    /** @return the catalogue entry this error stands for */
    public ErrorCode code() {
        if (error != null) {
            var own = ErrorCode.fromCode(error);
            if (own.isPresent()) {
                return own.get();
            }
            for (ErrorCode c : ErrorCode.values()) {
                if (c.ksmError().equals(error)) {
                    return c;
                }
            }
            return ErrorCode.INTERNAL;
        }
        return switch (status) {
            case 400 -> ErrorCode.BAD_REQUEST;
            case 401, 403 -> ErrorCode.UNAUTHENTICATED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 429 -> ErrorCode.THROTTLED;
            case 502, 503 -> ErrorCode.UNAVAILABLE;
            case 504 -> ErrorCode.TIMEOUT;
            default -> ErrorCode.INTERNAL;
        };
    }

    /**
     * @param path the endpoint, e.g. {@code get_secret}
     * @return the exception to throw
     */
    public CastellanException toException(String path) {
        StringBuilder text = new StringBuilder(path).append(" failed (HTTP ").append(status);
        if (error != null) {
            text.append(", ").append(printable(error, 64));
        }
        text.append(")");
        if (message != null && !message.isBlank()) {
            text.append(": ").append(printable(message, 300));
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("httpStatus", Integer.toString(status));
        if (retryAfter != null) {
            details.put(CastellanException.DETAIL_RETRY_AFTER, Long.toString(retryAfter));
        }
        return new CastellanException(code(), text.toString(), details, null);
    }

    private static String printable(String s, int max) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().filter(cp -> !Character.isISOControl(cp)).limit(max).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    private static String text(JsonNode root, String name) {
        JsonNode v = root.get(name);
        return v != null && v.isTextual() ? v.textValue() : null;
    }
}
