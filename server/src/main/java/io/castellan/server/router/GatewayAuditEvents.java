package io.castellan.server.router;

/**
 * The audit event types of gateways (stable strings). Actor: a user UID for added/removed, {@code gateway:<uid>} for
 * online/offline; subjects: the application, then the gateway. Details never hold a secret.
 */
public final class GatewayAuditEvents {

    /** A user added a gateway; details {@code name}. */
    public static final String GATEWAY_ADDED = "gateway_added";
    /** A user removed a gateway (its device goes with it and its socket is closed at once). */
    public static final String GATEWAY_REMOVED = "gateway_removed";
    /** A gateway authenticated on a server node; details {@code node}, {@code version}. */
    public static final String GATEWAY_ONLINE = "gateway_online";
    /** A gateway's socket closed or went silent; details {@code node}, {@code reason}. */
    public static final String GATEWAY_OFFLINE = "gateway_offline";
    /** A connection was refused (result {@code denied}); details {@code reason}. */
    public static final String GATEWAY_CONNECT_REFUSED = "gateway_connect_refused";

    private GatewayAuditEvents() {
    }
}
