package io.castellan.rotators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.rotators.postgres.PostgresRotator;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotatorsTest {

    @Test
    void findsEveryBuiltInRotatorByKind() throws Exception {
        Rotators r = Rotators.builtIn();
        assertThat(r.kinds()).containsExactly("postgresql", "mysql", "ssh-password", "ssh-key", "ldap");
        assertThat(r.require("ldap").kind()).isEqualTo("ldap");
    }

    @Test
    void anUnknownKindIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> Rotators.builtIn().require("oracle"))
                .isInstanceOfSatisfying(RotationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("oracle").contains("postgresql");
                });
    }

    @Test
    void twoRotatorsOfOneKindAreRefused() {
        assertThatThrownBy(() -> new Rotators(List.of(new PostgresRotator(), new PostgresRotator())))
                .hasMessageContaining("postgresql");
    }

    @Test
    void aCredentialNeverShowsItsSecretsAndWipes() {
        Credential c = Credential.of("alice", "Canary-1".toCharArray(), "Canary-2".toCharArray());
        assertThat(c.toString()).doesNotContain("Canary");
        char[] pw = c.password().orElseThrow();
        c.wipe();
        assertThat(pw).containsOnly('\0');
    }
}
