package io.castellan.server.tunnel;

/** The audit event types of tunnels (stable strings). Subjects: the resource record, the gateway; never a secret. */
public final class TunnelAuditEvents {

    /** A user opened a tunnel; details {@code tunnelId}, {@code configUid}. */
    public static final String TUNNEL_OPENED = "tunnel_opened";
    /**
     * A tunnel ended; details {@code tunnelId}, {@code reason}, {@code bytesUp}, {@code bytesDown} (bytes relayed,
     * plus those the gateway reported for its direct path), {@code path} ({@code relay} or {@code direct}).
     */
    public static final String TUNNEL_CLOSED = "tunnel_closed";
    /** A tunnel was refused (policy, access, feature); details {@code reason}. */
    public static final String TUNNEL_REFUSED = "tunnel_refused";
    /** A user turned tunneling to a resource record on or off ({@code tunnel_edit}); detail {@code tunneling}. */
    public static final String TUNNEL_SETTINGS_CHANGED = "tunnel_settings_changed";

    private TunnelAuditEvents() {
    }
}
