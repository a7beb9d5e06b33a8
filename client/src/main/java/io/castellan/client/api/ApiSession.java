package io.castellan.client.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.client.transport.ApiTransport;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.util.Objects;

/**
 * Calls that need a signed-in user: adds {@code "session"} inside the encrypted body (never a header or URL), and
 * turns the server's {@code unauthenticated} into an instruction to log in again.
 */
public final class ApiSession {

    private final ApiTransport transport;
    private final String token;

    /**
     * @param transport the transport
     * @param token the session token from login
     */
    public ApiSession(ApiTransport transport, String token) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.token = Objects.requireNonNull(token, "token");
    }

    /** @return the transport */
    public ApiTransport transport() {
        return transport;
    }

    /**
     * @param command the command name
     * @param request the request (not modified)
     * @return the decrypted answer
     */
    public ObjectNode call(String command, ObjectNode request) {
        ObjectNode body = request.deepCopy();
        body.put("session", token);
        try {
            return transport.call(command, body);
        } catch (CastellanException e) {
            if (e.code() == ErrorCode.UNAUTHENTICATED && e.detail(ApiErrorDetails.HTTP_STATUS).isPresent()) {
                throw new CastellanException(ErrorCode.UNAUTHENTICATED, "not logged in or the session has ended ("
                        + e.getMessage() + "); log in again with 'castellan login EMAIL'", e.details(), null);
            }
            throw e;
        }
    }
}
