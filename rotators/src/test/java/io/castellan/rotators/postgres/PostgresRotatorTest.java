package io.castellan.rotators.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.rotators.Credential;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.Rotator;
import io.castellan.rotators.RotatorContractTest;
import io.castellan.rotators.testing.TestTargets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Against the scram-sha-256 cluster on 5433 (scripts/test-env), where every login proves its password. */
class PostgresRotatorTest extends RotatorContractTest {

    private final PostgresRotator rotator = new PostgresRotator();

    @Override
    protected Rotator rotator() {
        return rotator;
    }

    @Override
    protected RotationTarget adminTarget() {
        return TestTargets.postgresScram();
    }

    private static Connection superuser() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", TestTargets.read("pg/superuser.password"));
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5433/postgres", p);
    }

    @Override
    protected void createAccount(String name, char[] password) throws Exception {
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + new String(password) + "'");
        }
    }

    @Override
    protected void removeAccount(String name) throws Exception {
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + name);
        }
    }

    @Test
    void theServerStoresOnlyAScramVerifierComputedByTheRotator() throws Exception {
        Credential old = account();
        Credential next = rotator.generate(old, adminTarget(), io.castellan.rotators.password.PasswordComplexity.DEFAULT);
        rotator.change(adminTarget(), old, next);
        try (Connection c = superuser(); PreparedStatement s = c.prepareStatement("SELECT rolpassword FROM pg_authid WHERE rolname = ?")) {
            s.setString(1, old.username());
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("SCRAM-SHA-256$4096:").doesNotContain(new String(next.requirePassword()));
            }
        }
    }

    @Test
    void aClusterThatTrustsLoginsIsDetectedInsteadOfPassingVerification() {
        // The machine's own cluster on 5432 trusts 127.0.0.1: any password "works" there.
        RotationTarget trusting = RotationTarget.of("127.0.0.1", 5432).withDatabase("postgres");
        Credential anything = Credential.password("postgres", TestTargets.canaryPassword());
        assertThatThrownBy(() -> rotator.verify(trusting, anything))
                .isInstanceOfSatisfying(RotationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.TRUST_AUTH_DETECTED);
                    assertThat(e.getMessage()).doesNotContain("Canary-");
                });
    }

    @Test
    void roleNamesThatNeedQuotingAreChangedSafely() throws Exception {
        String name = "Cst \"odd\" " + TestTargets.uniqueName();
        char[] password = TestTargets.canaryPassword();
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE \"Cst \"\"odd\"\" " + name.substring(10) + "\" LOGIN PASSWORD '" + new String(password) + "'");
        }
        try {
            Credential old = Credential.password(name, password);
            Credential next = rotator.generate(old, adminTarget(), io.castellan.rotators.password.PasswordComplexity.DEFAULT);
            rotator.change(adminTarget(), old, next);
            rotator.verify(adminTarget().withAdmin(null), next);
            assertThat(rotator.authenticates(adminTarget(), old)).isFalse();
        } finally {
            try (Connection c = superuser(); Statement s = c.createStatement()) {
                s.execute("DROP ROLE IF EXISTS \"Cst \"\"odd\"\" " + name.substring(10) + "\"");
            }
        }
    }
}
