package io.castellan.rotators;

import io.castellan.rotators.ldap.LdapRotator;
import io.castellan.rotators.mysql.MySqlRotator;
import io.castellan.rotators.postgres.PostgresRotator;
import io.castellan.rotators.ssh.LinuxPasswordRotator;
import io.castellan.rotators.ssh.SshKeyRotator;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The rotators by {@link Rotator#kind()}. */
public final class Rotators {

    private final Map<String, Rotator> byKind = new LinkedHashMap<>();

    /** A registry with the given rotators; kinds must be unique. */
    public Rotators(Collection<? extends Rotator> rotators) {
        for (Rotator r : rotators) {
            if (byKind.putIfAbsent(r.kind(), r) != null) {
                throw new IllegalArgumentException("two rotators of kind " + r.kind());
            }
        }
    }

    /** Every rotator this module builds. */
    public static Rotators builtIn() {
        return new Rotators(java.util.List.of(new PostgresRotator(), new MySqlRotator(), new LinuxPasswordRotator(),
                new SshKeyRotator(), new LdapRotator()));
    }

    /** @return the rotator of that kind, if any */
    public Optional<Rotator> find(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /** @return the rotator of that kind, or INVALID_INPUT naming the kinds there are */
    public Rotator require(String kind) throws RotationException {
        Rotator r = byKind.get(kind);
        if (r == null) {
            throw new RotationException(FailureKind.INVALID_INPUT, "no rotator of kind '" + kind + "' (known: " + byKind.keySet() + ")");
        }
        return r;
    }

    /** @return the known kinds in registration order */
    public java.util.Set<String> kinds() {
        return java.util.Collections.unmodifiableSet(byKind.keySet());
    }
}
