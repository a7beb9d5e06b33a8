package io.castellan.rotators;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to rotate: the resource record's connection settings.
 *
 * @param host host name or address
 * @param port TCP port
 * @param database database name (PostgreSQL, MySQL) or null
 * @param useSsl the record's "Use SSL": database TLS is then required and the certificate verified
 * @param admin the resource's administrative credential, or empty to rotate as the account itself
 * @param pinnedHostKey the SSH host key pinned for this resource (OpenSSH public key line), or empty on first use
 * @param connectTimeout how long to wait for the target to answer
 * @param options further settings by {@link TargetOptions} key
 */
public record RotationTarget(String host, int port, String database, boolean useSsl, Optional<Credential> admin,
                             Optional<String> pinnedHostKey, Duration connectTimeout, Map<String, String> options) {

    public RotationTarget {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535");
        }
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(pinnedHostKey, "pinnedHostKey");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        options = Map.copyOf(options);
    }

    /** A target with no admin credential, no pinned key, no options and a 10 s connect timeout. */
    public static RotationTarget of(String host, int port) {
        return new RotationTarget(host, port, null, false, Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Map.of());
    }

    public RotationTarget withAdmin(Credential adminCredential) {
        return new RotationTarget(host, port, database, useSsl, Optional.ofNullable(adminCredential), pinnedHostKey, connectTimeout, options);
    }

    public RotationTarget withDatabase(String name) {
        return new RotationTarget(host, port, name, useSsl, admin, pinnedHostKey, connectTimeout, options);
    }

    public RotationTarget withSsl(boolean ssl) {
        return new RotationTarget(host, port, database, ssl, admin, pinnedHostKey, connectTimeout, options);
    }

    public RotationTarget withPinnedHostKey(String hostKey) {
        return new RotationTarget(host, port, database, useSsl, admin, Optional.ofNullable(hostKey), connectTimeout, options);
    }

    public RotationTarget withConnectTimeout(Duration timeout) {
        return new RotationTarget(host, port, database, useSsl, admin, pinnedHostKey, timeout, options);
    }

    public RotationTarget withOption(String key, String value) {
        Map<String, String> more = new java.util.HashMap<>(options);
        more.put(key, value);
        return new RotationTarget(host, port, database, useSsl, admin, pinnedHostKey, connectTimeout, more);
    }

    /** @return the option's value, if set and not blank */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key)).filter(v -> !v.isBlank());
    }

    /** @return "host:port", for messages and logs */
    public String address() {
        return host + ":" + port;
    }
}
