package io.castellan.server.http;

/**
 * The JSON body of every error response: a stable machine-readable {@code error} code and a short human message.
 * Never a stack trace, an exception message from a library, or anything the client sent.
 *
 * @param error   snake_case code, stable across versions (clients branch on it)
 * @param message short explanation for humans
 */
public record ApiError(String error, String message) {

    /** The fixed body for an HTTP status that has no more specific explanation. */
    public static ApiError forStatus(int status) {
        return switch (status) {
            case 400 -> new ApiError("bad_request", "The request is malformed.");
            case 401 -> new ApiError("unauthorized", "Authentication is required.");
            case 403 -> new ApiError("forbidden", "Not allowed.");
            case 404 -> new ApiError("not_found", "No such endpoint or resource.");
            case 405 -> new ApiError("method_not_allowed", "The method is not allowed on this endpoint.");
            case 408 -> new ApiError("request_timeout", "The request took too long to arrive.");
            case 413 -> new ApiError("payload_too_large", "The request body is larger than the server accepts.");
            case 414 -> new ApiError("uri_too_long", "The request URI is too long.");
            case 415 -> new ApiError("unsupported_media_type", "The request content type is not supported.");
            case 429 -> new ApiError("too_many_requests", "Too many requests; retry later.");
            case 431 -> new ApiError("headers_too_large", "The request headers are too large.");
            case 503 -> new ApiError("unavailable", "The server is not ready; retry later.");
            default -> status >= 500
                    ? new ApiError("internal_error", "Internal server error.")
                    : new ApiError("http_" + status, "The request was refused.");
        };
    }

    /** Minimal JSON rendering for places without a JSON mapper (Jetty's error handler). Codes are ASCII. */
    String toJson() {
        return "{\"error\":\"" + escape(error) + "\",\"message\":\"" + escape(message) + "\"}";
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
