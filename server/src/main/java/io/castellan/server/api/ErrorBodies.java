package io.castellan.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.CastellanException;
import io.castellan.model.json.Json;
import io.javalin.http.Context;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The plaintext error answer of the user API: HTTP status from the catalogue and
 * {@code {"error": code, "message": safe text, ...details}}. Detail values are strings in
 * {@link CastellanException}; on the wire {@code "true"}/{@code "false"} become JSON booleans and integers become
 * numbers ({@code totpRequired: true}, {@code retryAfterSeconds: 4}, {@code key_id: 1}, {@code revision: 7}).
 */
public final class ErrorBodies {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    private ErrorBodies() {
    }

    /** Writes {@code failure} as the response. */
    public static void write(Context ctx, CastellanException failure) {
        ctx.status(failure.code().httpStatus())
                .contentType("application/json;charset=utf-8")
                .result(render(failure));
    }

    /** The JSON body for {@code failure}. */
    public static String render(CastellanException failure) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("error", failure.code().code());
        body.put("message", failure.getMessage());
        for (Map.Entry<String, String> detail : failure.details().entrySet()) {
            String key = detail.getKey();
            String value = detail.getValue();
            if (key.equals("error") || key.equals("message")) {
                continue;
            }
            if ("true".equals(value) || "false".equals(value)) {
                body.put(key, Boolean.parseBoolean(value));
            } else if (value != null && INTEGER.matcher(value).matches()) {
                body.put(key, Long.parseLong(value));
            } else {
                body.put(key, value);
            }
        }
        return body.toString();
    }
}
