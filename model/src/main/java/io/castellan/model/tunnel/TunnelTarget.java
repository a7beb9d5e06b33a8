package io.castellan.model.tunnel;

import io.castellan.model.record.HostPort;
import io.castellan.model.record.PamRecord;
import io.castellan.model.record.RecordData;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a tunnel to a resource record goes, and the seed its keys are bound to. Host and port come from the record's
 * {@code pamHostname}; a missing port is the one the configuration's port mapping assigns to the record's protocol
 * ({@link TunnelPortMapping}), or else defaults by record type (ssh 22 for {@code pamMachine}, the database type's port
 * for {@code pamDatabase}, LDAP 389 or LDAPS 636 for {@code pamDirectory}).
 *
 * @param host the target host
 * @param port the target port
 * @param seed the record's {@code trafficEncryptionSeed} (field or custom field) as UTF-8, empty when it has none
 */
public record TunnelTarget(String host, int port, byte[] seed) {

    /** The record types a tunnel may go to. */
    public static final Set<String> TYPES = Set.of("pamMachine", "pamDatabase", "pamDirectory");

    /**
     * @param record a decrypted resource record
     * @throws IllegalArgumentException naming what is missing or wrong (the record's type, host or port)
     */
    public static TunnelTarget of(RecordData record) {
        return of(record, new TreeMap<>());
    }

    /**
     * @param record      a decrypted resource record
     * @param portMapping the PAM configuration's port mapping (port to protocol): when the record names no port, the
     *                    lowest port mapped to the record's protocol is used before the protocol's standard port
     * @throws IllegalArgumentException naming what is missing or wrong (the record's type, host or port)
     */
    public static TunnelTarget of(RecordData record, SortedMap<Integer, String> portMapping) {
        if (!TYPES.contains(record.type())) {
            throw new IllegalArgumentException("tunnels go to pamMachine, pamDatabase or pamDirectory records, not to"
                    + " a " + TunnelProtocol.printable(record.type()));
        }
        PamRecord pam = PamRecord.of(record);
        HostPort hp = pam.hostname().filter(h -> !h.hostName().isBlank())
                .orElseThrow(() -> new IllegalArgumentException("the record has no host name (pamHostname)"));
        if (!hp.port().isBlank()) {
            return new TunnelTarget(hp.hostName().trim(), port(hp.port().trim()), seed(record));
        }
        int mapped = TunnelPortMapping.portFor(portMapping, protocols(record, pam));
        int port = mapped != 0 ? mapped : defaultPort(record, pam);
        return new TunnelTarget(hp.hostName().trim(), port, seed(record));
    }

    /** The protocol names a record's port mapping entry may use for it ({@code ssh}, {@code postgresql}, ...). */
    private static Set<String> protocols(RecordData record, PamRecord pam) {
        return switch (record.type()) {
            case "pamMachine" -> Set.of("ssh");
            case "pamDirectory" -> pam.checkbox("useSSL").orElse(false) ? Set.of("ldaps") : Set.of("ldap");
            default -> {
                String type = record.firstValue("databaseType", null).orElse("").trim().toLowerCase(Locale.ROOT);
                yield switch (type) {
                    case "postgresql", "postgres" -> Set.of("postgresql", "postgres");
                    case "mysql", "mariadb" -> Set.of("mysql", "mariadb");
                    case "mssql", "sqlserver" -> Set.of("mssql", "sqlserver");
                    case "" -> Set.of();
                    default -> Set.of(type);
                };
            }
        };
    }

    /**
     * @return the record's traffic encryption seed as UTF-8 bytes (a field of type {@code trafficEncryptionSeed}, or
     *     else a custom field labelled so, for record types without that field), empty when it has none
     */
    public static byte[] seed(RecordData record) {
        return record.firstValue("trafficEncryptionSeed", null)
                .or(() -> record.firstValue(null, "trafficEncryptionSeed"))
                .orElse("").getBytes(StandardCharsets.UTF_8);
    }

    private static int port(String text) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("the record's port \"" + TunnelProtocol.printable(text)
                    + "\" is not a port number (1-65535)");
        }
        return Integer.parseInt(text);
    }

    private static int defaultPort(RecordData record, PamRecord pam) {
        return switch (record.type()) {
            case "pamMachine" -> 22;
            case "pamDirectory" -> pam.checkbox("useSSL").orElse(false) ? 636 : 389;
            default -> switch (record.firstValue("databaseType", null).orElse("").trim().toLowerCase(Locale.ROOT)) {
                case "postgresql", "postgres" -> 5432;
                case "mysql", "mariadb" -> 3306;
                case "mssql", "sqlserver" -> 1433;
                case "mongodb" -> 27017;
                case "oracle" -> 1521;
                default -> throw new IllegalArgumentException("the record has no port and no known databaseType");
            };
        };
    }
}
