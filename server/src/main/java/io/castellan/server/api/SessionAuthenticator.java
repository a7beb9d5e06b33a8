package io.castellan.server.api;

/**
 * Turns the {@code session} token of a request into the signed-in {@link Caller}, for commands registered with
 * {@link ApiRegistry.Access#SESSION} or {@link ApiRegistry.Access#ADMIN}.
 */
@FunctionalInterface
public interface SessionAuthenticator {

    /**
     * @param token    the session token from the decrypted request
     * @param command  the command about to run (a session may be limited to some commands)
     * @param sourceIp the client address, for audit events
     * @return the caller
     * @throws io.castellan.model.error.CastellanException {@code UNAUTHENTICATED} for a missing, unknown, expired or
     *         revoked session; {@code FORBIDDEN} when this session may not run {@code command}
     */
    Caller authenticate(String token, String command, String sourceIp);
}
