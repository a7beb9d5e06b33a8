package io.castellan.model.error;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one error catalogue of the whole product.
 *
 * <p>Every failure a user, an operator or a client program can observe is one of these codes. Each
 * code carries:
 * <ul>
 *   <li>{@link #code()} — a stable, lower-case string (the wire name in Castellan's own APIs and in
 *       the audit log; never renamed once released);</li>
 *   <li>{@link #httpStatus()} — the HTTP status of Castellan's own APIs (vault, admin, router);</li>
 *   <li>{@link #exitCode()} — the exit status of the {@code castellan} CLI and the gateway;</li>
 *   <li>{@link #ksmError()} and {@link #ksmHttpStatus()} — how the code is rendered by the
 *       Keeper-compatible Secrets Manager device API ({@code /api/rest/sm/v1/*}), whose clients are
 *       unmodified Keeper SDKs. They react to a few exact {@code error} strings: {@code "key"}
 *       (switch server key id and retry), {@code "throttled"} (HTTP 403, retry after
 *       {@code retry_after} seconds), {@code "access_denied"} and {@code "invalid_client_version"}.
 *       See {@code ksm-protocol.md} §1.5.</li>
 * </ul>
 *
 * <p>Why one enum with several renderings instead of a hierarchy of exceptions: the same failure
 * (say, a stale revision) must produce the same code in the server's JSON, the audit event, the
 * CLI's exit status and a Keeper SDK's exception text, and a single table makes that reviewable.
 * The catalogue is documented in {@code docs/errors.md}; a test keeps the two in step.
 */
public enum ErrorCode {

    /** The request is malformed: bad JSON, wrong type, missing parameter, bad CLI usage. */
    BAD_REQUEST("bad_request", 400, 2, "bad_request", 400),
    /** The request is well formed but its content breaks a rule (e.g. a record misses a required field). */
    VALIDATION_FAILED("validation_failed", 400, 2, "bad_request", 400),
    /** The request or document exceeds a configured size limit. */
    PAYLOAD_TOO_LARGE("payload_too_large", 413, 2, "bad_request", 413),
    /** No valid credential, session, signature or one-time token was presented. */
    UNAUTHENTICATED("unauthenticated", 401, 3, "access_denied", 403),
    /**
     * The caller is known but not allowed. When an enforcement policy is missing, the exception
     * names it in the {@value CastellanException#DETAIL_POLICY} detail.
     */
    FORBIDDEN("forbidden", 403, 4, "access_denied", 403),
    /** The addressed object does not exist or is not visible to the caller. */
    NOT_FOUND("not_found", 404, 5, "not_found", 404),
    /** The object changed since the caller read it (stale revision) or already exists. */
    CONFLICT("conflict", 409, 6, "conflict", 409),
    /** Too many requests; retry later (the device API answers HTTP 403 as Keeper's SDKs expect). */
    THROTTLED("throttled", 429, 7, "throttled", 403),
    /**
     * The client sealed its transmission key to a server key id the server does not hold; the
     * body's {@code key_id} names the current one (Keeper's {@code "key"} error, kept as the code).
     */
    TRANSMISSION_KEY_REJECTED("key", 400, 3, "key", 400),
    /** A transmission key was seen before: the request is a replay and was not executed. */
    REPLAYED_REQUEST("replayed_request", 400, 3, "replayed_request", 400),
    /** The request's timestamp is too far from the server clock. */
    STALE_REQUEST("stale_request", 400, 3, "stale_request", 400),
    /** The client's version string is not accepted by this server. */
    INVALID_CLIENT_VERSION("invalid_client_version", 400, 2, "invalid_client_version", 400),
    /** The gateway that must carry out the action is not connected to any server node. */
    GATEWAY_OFFLINE("gateway_offline", 503, 8, "unavailable", 503),
    /** A target system (database, SSH host, directory) refused or failed the operation. */
    TARGET_FAILED("target_failed", 502, 8, "unavailable", 502),
    /** The action did not finish in time. */
    TIMEOUT("timeout", 504, 9, "timeout", 504),
    /** The service is temporarily unable to serve (starting, draining, dependency down). */
    UNAVAILABLE("unavailable", 503, 8, "unavailable", 503),
    /** The audit log cannot be written, so the action was refused (Castellan never acts unaudited). */
    AUDIT_UNAVAILABLE("audit_unavailable", 503, 8, "unavailable", 503),
    /** The store was written by a newer Castellan; this version refuses to touch it. */
    STORE_SCHEMA_TOO_NEW("store_schema_too_new", 500, 10, "internal", 500),
    /** The store's contents fail an integrity check. */
    STORE_CORRUPT("store_corrupt", 500, 10, "internal", 500),
    /** An unexpected failure; details are in the server log, never in the response. */
    INTERNAL("internal", 500, 1, "internal", 500);

    private static final Map<String, ErrorCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ErrorCode::code, Function.identity()));

    private final String code;
    private final int httpStatus;
    private final int exitCode;
    private final String ksmError;
    private final int ksmHttpStatus;

    ErrorCode(String code, int httpStatus, int exitCode, String ksmError, int ksmHttpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.exitCode = exitCode;
        this.ksmError = ksmError;
        this.ksmHttpStatus = ksmHttpStatus;
    }

    /** @return the stable wire name, e.g. {@code "conflict"} */
    public String code() {
        return code;
    }

    /** @return the HTTP status of Castellan's own APIs */
    public int httpStatus() {
        return httpStatus;
    }

    /** @return the process exit status of the CLI and gateway (never 0) */
    public int exitCode() {
        return exitCode;
    }

    /** @return the {@code error} string of a Keeper-compatible device-API error body */
    public String ksmError() {
        return ksmError;
    }

    /** @return the HTTP status the Keeper-compatible device API answers with */
    public int ksmHttpStatus() {
        return ksmHttpStatus;
    }

    /**
     * Looks a code up by its stable wire name.
     *
     * @param code a wire name such as {@code "not_found"}
     * @return the constant, or empty when the name is unknown (e.g. from a newer server)
     */
    public static Optional<ErrorCode> fromCode(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
    }
}
