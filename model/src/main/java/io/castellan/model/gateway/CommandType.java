package io.castellan.model.gateway;

/** What a {@link Command} asks the gateway to do. Wire names are the lower-case, hyphenated enum names. */
public enum CommandType {
    /** Report version, uptime and running jobs; answered in {@link JobUpdate#details()}. */
    GATEWAY_INFO,
    /** Do nothing and succeed: round-trip measurements and liveness checks. */
    NOOP,
    /** Rotate the credential of a {@code pamUser} record. */
    ROTATE,
    /** Join a tunnel's relay and connect its streams to the record's target (docs/tunnels.md). */
    TUNNEL_OPEN;

    /** @return the wire name, e.g. {@code gateway-info} */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * @param wire a wire name
     * @return the command type
     * @throws IllegalArgumentException naming the unknown value
     */
    public static CommandType fromWire(String wire) {
        for (CommandType t : values()) {
            if (t.wireName().equals(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown command type: " + GatewayProtocol.printable(wire));
    }
}
