package io.castellan.model.record;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The value of a {@code pamHostname} or {@code host} field: {@code {"hostName":"db","port":"5432"}}.
 * Keeper stores the port as a string (possibly empty); {@link #portNumber()} parses it.
 *
 * @param hostName the host name or address ({@code ""} when unset)
 * @param port the port as stored ({@code ""} when unset)
 */
public record HostPort(String hostName, String port) {

    /** Rejects nulls; use {@code ""} for unset parts. */
    public HostPort {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(port, "port");
    }

    /**
     * @param hostName the host name
     * @param port a port number
     * @return the value
     */
    public static HostPort of(String hostName, int port) {
        return new HostPort(hostName, Integer.toString(port));
    }

    /** @return the port when it is a number from 1 to 65535 */
    public OptionalInt portNumber() {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalInt.empty();
        }
        int n = Integer.parseInt(port);
        return n >= 1 && n <= 65535 ? OptionalInt.of(n) : OptionalInt.empty();
    }
}
