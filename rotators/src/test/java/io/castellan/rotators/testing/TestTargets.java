package io.castellan.rotators.testing;

import io.castellan.rotators.Credential;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.TargetOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The real targets that scripts/test-env starts (see scripts/lib/rotation-targets.sh), found through
 * $CASTELLAN_TEST_ENV_DIR (default /var/tmp/castellan-test-env). A missing target fails the test naming the fix.
 */
public final class TestTargets {

    public static final Path DIR = Path.of(System.getenv().getOrDefault("CASTELLAN_TEST_ENV_DIR", "/var/tmp/castellan-test-env"));
    public static final String LDAP_BASE = "ou=people,dc=castellan,dc=test";
    public static final String LDAP_ADMIN = "cn=admin,dc=castellan,dc=test";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestTargets() {
    }

    /** The PostgreSQL cluster on 5433 that demands scram-sha-256, with its superuser as admin. */
    public static RotationTarget postgresScram() {
        return RotationTarget.of("127.0.0.1", 5433).withDatabase("postgres")
                .withAdmin(Credential.password("postgres", read("pg/superuser.password").toCharArray()));
    }

    /** The machine's MariaDB; its root has no password over TCP from 127.0.0.1. */
    public static RotationTarget mariadb() {
        return RotationTarget.of("127.0.0.1", 3306).withAdmin(Credential.password("root", new char[0]));
    }

    public static RotationTarget sshd() {
        return RotationTarget.of("127.0.0.1", 2222);
    }

    /** slapd over "ldaps" (6636) or "starttls" (3389), trusting the test CA, with the rootdn as admin. */
    public static RotationTarget ldap(String mode) {
        int port = mode.equals("ldaps") ? 6636 : 3389;
        return RotationTarget.of("127.0.0.1", port).withOption(TargetOptions.LDAP_TLS, mode)
                .withOption(TargetOptions.TLS_CA_FILE, DIR.resolve("ldap/ca.pem").toString())
                .withAdmin(Credential.password(LDAP_ADMIN, read("ldap/admin.password").toCharArray()));
    }

    public static String ldapAdminPassword() {
        return read("ldap/admin.password");
    }

    /** An account name no test used before: "cst" + 10 hex digits. */
    public static String uniqueName() {
        byte[] b = new byte[5];
        RANDOM.nextBytes(b);
        return "cst" + HexFormat.of().formatHex(b);
    }

    /** A password with a marker, so a leak is easy to spot: "Canary-" + 20 hex digits. */
    public static char[] canaryPassword() {
        byte[] b = new byte[10];
        RANDOM.nextBytes(b);
        return ("Canary-" + HexFormat.of().formatHex(b)).toCharArray();
    }

    public static String read(String relative) {
        Path p = DIR.resolve(relative);
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            throw new IllegalStateException(p + " is missing: start the rotation targets with scripts/test-env install "
                    + "(as root) or scripts/test-env start", e);
        }
    }
}
