package io.castellan.gateway.rotation;

import io.castellan.model.record.HostPort;
import io.castellan.model.record.PamRecord;
import io.castellan.model.record.RecordData;
import io.castellan.model.record.RecordField;
import io.castellan.rotators.Credential;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.TargetOptions;
import io.castellan.rotators.password.PasswordComplexity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Works out a {@link RotationPlan} from a pamUser and the resource that rotates it: the rotator follows the resource
 * type ({@code pamDatabase} by its database type, {@code pamMachine} by whether the user holds a key,
 * {@code pamDirectory}); the resource's own login is the administrative credential; custom text fields of both
 * records become rotator options (the user's win), so {@code Private Key Type}, {@code Private Key Rotate} and
 * {@code tlsCaFile} work as documented.
 */
final class PlanBuilder {

    /** Custom field of the resource holding the pinned SSH host key (OpenSSH public key line). */
    static final String HOST_KEY_LABEL = "SSH Host Key";

    private PlanBuilder() {
    }

    static RotationPlan build(RecordData user, RecordData resource, PasswordComplexity complexity)
            throws RotationException {
        if (!"pamUser".equals(user.type())) {
            throw new RotationException(FailureKind.INVALID_INPUT, "the record to rotate is a " + printable(user.type())
                    + ", not a pamUser");
        }
        PamRecord res = PamRecord.of(resource);
        HostPort hp = res.hostname().filter(h -> h.hostName() != null && !h.hostName().isBlank())
                .orElseThrow(() -> new RotationException(FailureKind.INVALID_INPUT, "the resource has no host name"));
        Map<String, String> options = new HashMap<>();
        customText(resource, options);
        customText(user, options);
        String pinned = options.remove(HOST_KEY_LABEL);
        String kind;
        int defaultPort;
        String usernameOverride = null;
        String database = null;
        boolean useSsl = res.checkbox("useSSL").orElse(false);
        switch (resource.type()) {
            case "pamDatabase" -> {
                String dbType = resource.firstValue("databaseType", null).orElse("").trim().toLowerCase(Locale.ROOT);
                switch (dbType) {
                    case "postgresql", "postgres" -> {
                        kind = "postgresql";
                        defaultPort = 5432;
                    }
                    case "mysql", "mariadb" -> {
                        kind = "mysql";
                        defaultPort = 3306;
                    }
                    default -> throw new RotationException(FailureKind.INVALID_INPUT, "database type '"
                            + printable(dbType) + "' cannot be rotated yet (built: postgresql, mysql, mariadb)");
                }
                database = user.firstValue("text", "connectDatabase")
                        .or(() -> resource.firstValue("text", "connectDatabase")).filter(d -> !d.isBlank()).orElse(null);
            }
            case "pamMachine" -> {
                boolean hasKey = PamRecord.of(user).privatePemKey().filter(k -> !k.isBlank()).isPresent();
                kind = hasKey ? "ssh-key" : "ssh-password";
                defaultPort = 22;
            }
            case "pamDirectory" -> {
                kind = "ldap";
                defaultPort = useSsl ? 636 : 389;
                options.putIfAbsent(TargetOptions.LDAP_TLS, useSsl ? "ldaps" : "starttls");
                usernameOverride = user.firstValue("text", "distinguishedName").filter(d -> !d.isBlank()).orElse(null);
            }
            default -> throw new RotationException(FailureKind.INVALID_INPUT, "a " + printable(resource.type())
                    + " resource cannot perform rotations");
        }
        int port = port(hp.port(), defaultPort);
        Optional<Credential> admin = CredentialFields.readAdmin(resource);
        Credential current = CredentialFields.read(user, usernameOverride);
        RotationTarget target = new RotationTarget(hp.hostName().trim(), port, database, useSsl, admin,
                Optional.ofNullable(pinned).filter(p -> !p.isBlank()), Duration.ofSeconds(15), options);
        return new RotationPlan(kind, target, current, complexity);
    }

    private static void customText(RecordData data, Map<String, String> into) {
        for (RecordField f : data.custom()) {
            if (f.label().isPresent() && ("text".equals(f.type()) || "multiline".equals(f.type()))) {
                f.firstValueAsString().ifPresent(v -> into.put(f.label().get(), v));
            }
        }
    }

    private static int port(String text, int fallback) throws RotationException {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int p = Integer.parseInt(text.trim());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RotationException(FailureKind.INVALID_INPUT, "the resource's port '" + printable(text)
                + "' is not a number from 1 to 65535");
    }

    static String printable(String s) {
        return io.castellan.model.record.FieldLabels.printable(s == null ? "" : s);
    }
}
