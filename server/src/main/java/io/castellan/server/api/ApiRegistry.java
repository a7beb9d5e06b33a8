package io.castellan.server.api;

/**
 * Where feature packages register their user-API commands, each with the access it needs. The envelope refuses a
 * call without a valid session for {@link Access#SESSION} and {@link Access#ADMIN} commands, and a non-administrator
 * for {@link Access#ADMIN} ones, before the command runs.
 *
 * <p>Each command has a request-size limit: the length of the encrypted HTTP body (nonce, ciphertext and tag of the
 * JSON request). {@link #register(String, Access, ApiCommand)} uses the server's default
 * ({@code ServerConfig.maxRequestBodyBytes}, 1 MiB unless configured); a command that carries bulk data (attachment
 * upload) names its own larger limit with {@link #register(String, Access, long, ApiCommand)} — remember that the
 * JSON carries binary values in base64 (4/3 of the raw size) plus {@value #ENVELOPE_OVERHEAD_HINT} bytes or so of
 * envelope and field names. A larger body is refused with 413 {@code payload_too_large} before it is decrypted.
 */
public interface ApiRegistry {

    /** A rough allowance for the envelope and JSON around a command's bulk field, for computing limits. */
    int ENVELOPE_OVERHEAD_HINT = 64 * 1024;

    enum Access { ANONYMOUS, SESSION, ADMIN }

    /**
     * Registers a command with the default request-size limit.
     *
     * @param command lower-case name as in the URL ({@code [a-z][a-z0-9_]{0,63}}); registered once only
     */
    void register(String command, Access access, ApiCommand handler);

    /**
     * Registers a command that accepts encrypted request bodies up to {@code maxBodyBytes} (at least the default).
     */
    void register(String command, Access access, long maxBodyBytes, ApiCommand handler);
}
