package io.castellan.server.http;

import io.castellan.model.error.ErrorCode;

/**
 * The JSON body of every error response: a stable machine-readable {@code error} code and a short human message.
 * Never a stack trace, an exception message from a library, or anything the client sent.
 *
 * @param error   snake_case code, stable across versions (clients branch on it)
 * @param message short explanation for humans
 */
public record ApiError(String error, String message) {

    /**
     * The fixed body for an HTTP status that has no more specific explanation. Codes come from the one error
     * catalogue ({@link ErrorCode}, docs/errors.md), so clients branch on the same names everywhere.
     */
    public static ApiError forStatus(int status) {
        return switch (status) {
            case 400 -> of(ErrorCode.BAD_REQUEST, "The request is malformed.");
            case 401 -> of(ErrorCode.UNAUTHENTICATED, "Authentication is required.");
            case 403 -> of(ErrorCode.FORBIDDEN, "Not allowed.");
            case 404 -> of(ErrorCode.NOT_FOUND, "No such endpoint or resource.");
            case 405 -> of(ErrorCode.BAD_REQUEST, "The method is not allowed on this endpoint.");
            case 408 -> of(ErrorCode.TIMEOUT, "The request took too long to arrive.");
            case 413 -> of(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than the server accepts.");
            case 414 -> of(ErrorCode.BAD_REQUEST, "The request URI is too long.");
            case 415 -> of(ErrorCode.BAD_REQUEST, "The request content type is not supported.");
            case 429 -> of(ErrorCode.THROTTLED, "Too many requests; retry later.");
            case 431 -> of(ErrorCode.BAD_REQUEST, "The request headers are too large.");
            case 503 -> of(ErrorCode.UNAVAILABLE, "The server is not ready; retry later.");
            default -> status >= 500
                    ? of(ErrorCode.INTERNAL, "Internal server error.")
                    : of(ErrorCode.BAD_REQUEST, "The request was refused.");
        };
    }

    private static ApiError of(ErrorCode code, String message) {
        return new ApiError(code.code(), message);
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
