package io.castellan.rotators.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import io.castellan.rotators.Credential;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.TargetOptions;
import io.castellan.rotators.password.PasswordComplexity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** LDAP over LDAPS (6636), with certificate and host-name verification. */
class LdapsRotatorTest extends LdapRotatorContract {

    @Override
    protected String tlsMode() {
        return "ldaps";
    }

    @Test
    void theServerHashesWhatThePasswordModifyOperationSets() throws Exception {
        Credential old = account();
        Credential next = rotator().generate(old, adminTarget(), PasswordComplexity.DEFAULT);
        rotator().change(adminTarget(), old, next);
        try (LDAPConnection c = admin()) {
            String stored = c.getEntry(old.username(), "userPassword").getAttributeValue("userPassword");
            assertThat(stored).startsWith("{SSHA}").doesNotContain(new String(next.requirePassword()));
        }
    }

    @Test
    void theAttributeReplaceMethodAlsoRotates() throws Exception {
        Credential old = account();
        RotationTarget target = adminTarget().withOption(TargetOptions.LDAP_METHOD, "replace");
        Credential next = rotator().generate(old, target, PasswordComplexity.DEFAULT);
        rotator().change(target, old, next);
        rotator().verify(target, next);
        assertThat(rotator().authenticates(target, old)).isFalse();
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedBeforeAnyBind() throws Exception {
        Path otherCa = Files.createTempFile("other-ca", ".pem");
        try {
            io.castellan.rotators.testing.Shell.run(null, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=Other CA", "-keyout", "/dev/null",
                    "-out", otherCa.toString());
            RotationTarget target = adminTarget().withOption(TargetOptions.TLS_CA_FILE, otherCa.toString());
            Credential someone = Credential.password(username("nobody"), "Canary-x".toCharArray());
            assertThatThrownBy(() -> rotator().verify(target, someone))
                    .isInstanceOfSatisfying(RotationException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILED));
        } finally {
            Files.deleteIfExists(otherCa);
        }
    }

    @Test
    void aHostNameTheCertificateDoesNotNameIsRefused() {
        // The test certificate names localhost and 127.0.0.1, not 127.0.0.2 (where slapd listens too; see test-env).
        RotationTarget target = new RotationTarget("127.0.0.2", 6636, null, false, adminTarget().admin(), adminTarget().pinnedHostKey(),
                adminTarget().connectTimeout(), adminTarget().options());
        Credential someone = Credential.password(username("nobody"), "Canary-x".toCharArray());
        assertThatThrownBy(() -> rotator().verify(target, someone))
                .isInstanceOfSatisfying(RotationException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILED));
    }

    @Test
    void plainLdapIsRefused() {
        RotationTarget target = adminTarget().withOption(TargetOptions.LDAP_TLS, "none");
        Credential someone = Credential.password(username("nobody"), "Canary-x".toCharArray());
        assertThatThrownBy(() -> rotator().verify(target, someone))
                .isInstanceOfSatisfying(RotationException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_INPUT));
    }
}
