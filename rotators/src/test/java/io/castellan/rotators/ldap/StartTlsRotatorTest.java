package io.castellan.rotators.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.rotators.Credential;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import org.junit.jupiter.api.Test;

/** LDAP over plain 3389 upgraded with StartTLS before any bind. */
class StartTlsRotatorTest extends LdapRotatorContract {

    @Override
    protected String tlsMode() {
        return "starttls";
    }

    @Test
    void aHostNameTheCertificateDoesNotNameIsRefusedBeforeTheBind() {
        // slapd listens on 127.0.0.2:3389 too (see test-env); its certificate names only localhost and 127.0.0.1.
        RotationTarget target = new RotationTarget("127.0.0.2", 3389, null, false, adminTarget().admin(), adminTarget().pinnedHostKey(),
                adminTarget().connectTimeout(), adminTarget().options());
        Credential someone = Credential.password(username("nobody"), "Canary-x".toCharArray());
        assertThatThrownBy(() -> rotator().verify(target, someone))
                .isInstanceOfSatisfying(RotationException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TLS_FAILED));
    }
}
