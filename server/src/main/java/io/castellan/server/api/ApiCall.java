package io.castellan.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A decrypted user-API request.
 *
 * @param command  the command name from the URL
 * @param body     the decrypted JSON request (includes {@code ts}; {@code session} is removed)
 * @param caller   the signed-in user, when the request carried a valid session
 * @param sourceIp the client address, for audit events and throttling
 */
public record ApiCall(String command, ObjectNode body, Optional<Caller> caller, String sourceIp) {

    /** The signed-in caller; only call this from commands registered as needing a session. */
    public Caller requireCaller() {
        return caller.orElseThrow(() -> new IllegalStateException("command " + command + " registered without session"));
    }
}
