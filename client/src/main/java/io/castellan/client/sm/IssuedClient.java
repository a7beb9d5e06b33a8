package io.castellan.client.sm;

import java.util.Objects;

/**
 * A device or gateway just added to an application: what was registered and its one-time token, the only secret
 * (print it once, then close this to wipe it).
 *
 * @param appUid the application
 * @param clientId the device's client id (not secret)
 * @param request what was registered
 * @param token the one-time token (the client key)
 */
public record IssuedClient(String appUid, String clientId, NewClient request, OneTimeAccessToken token)
        implements AutoCloseable {

    /** Checks the parts. */
    public IssuedClient {
        Objects.requireNonNull(appUid, "appUid");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public void close() {
        token.close();
    }

    @Override
    public String toString() {
        return "IssuedClient[" + appUid + ", " + request.name() + "]";
    }
}
