package io.castellan.rotators;

import static io.castellan.rotators.testing.Secrets.assertNoSecretIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.rotators.password.PasswordComplexity;
import io.castellan.rotators.testing.TestTargets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one contract every password rotator meets, re-run against each real target (which demands the password).
 * Subclasses create and remove real accounts.
 */
public abstract class RotatorContractTest {

    private final List<String> created = new ArrayList<>();
    private final List<char[]> secrets = new ArrayList<>();

    protected abstract Rotator rotator();

    /** The target with its administrative credential. */
    protected abstract RotationTarget adminTarget();

    /** Creates a real account that logs in with the password. */
    protected abstract void createAccount(String name, char[] password) throws Exception;

    protected abstract void removeAccount(String name) throws Exception;

    /** The login name of an account (LDAP: its DN). */
    protected String username(String name) {
        return name;
    }

    protected RotationTarget selfTarget() {
        return adminTarget().withAdmin(null);
    }

    @AfterEach
    void removeAccounts() throws Exception {
        for (String name : created) {
            removeAccount(name);
        }
    }

    protected Credential account() throws Exception {
        String name = TestTargets.uniqueName();
        char[] password = TestTargets.canaryPassword();
        createAccount(name, password.clone());
        created.add(name);
        secrets.add(password.clone());
        return Credential.password(username(name), password);
    }

    private Credential next(Credential current, RotationTarget target) throws RotationException {
        Credential next = rotator().generate(current, target, PasswordComplexity.parse("24,2,2,2,2", "!#%+-_=.,"));
        secrets.add(next.requirePassword().clone());
        return next;
    }

    private char[][] allSecrets() {
        List<char[]> all = new ArrayList<>(secrets);
        adminTarget().admin().flatMap(Credential::password).ifPresent(all::add);
        return all.toArray(char[][]::new);
    }

    @Test
    void generatesAPasswordThatMeetsTheComplexityForTheSameAccount() throws Exception {
        Credential current = Credential.password("someone", TestTargets.canaryPassword());
        Credential next = rotator().generate(current, adminTarget(), PasswordComplexity.parse("30,3,3,3,3", "!#%"));
        assertThat(next.username()).isEqualTo("someone");
        String p = new String(next.requirePassword());
        assertThat(p).hasSize(30).isNotEqualTo(new String(current.requirePassword()));
        assertThat(p.chars().filter(Character::isUpperCase).count()).isGreaterThanOrEqualTo(3);
        assertThat(p.chars().filter(c -> "!#%".indexOf(c) >= 0).count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void changesWithTheAdminCredentialAndOnlyTheNewPasswordWorksAfterwards() throws Exception {
        Credential old = account();
        RotationTarget target = adminTarget();
        Credential next = next(old, target);
        assertThat(rotator().authenticates(target, old)).isTrue();

        rotator().change(target, old, next);

        rotator().verify(target, next);
        assertThat(rotator().authenticates(target, old)).as("the old password must stop working").isFalse();
        assertThat(rotator().probe(target, old, next)).isEqualTo(RecoveryState.NEW_WORKS);
    }

    @Test
    void changesByTheAccountItself() throws Exception {
        Credential old = account();
        RotationTarget target = selfTarget();
        Credential next = next(old, target);

        rotator().change(target, old, next);

        rotator().verify(target, next);
        assertThat(rotator().authenticates(target, old)).isFalse();
    }

    @Test
    void aRefusalByTheTargetLeavesTheOldPasswordWorking() throws Exception {
        Credential victim = account();
        Credential unprivileged = account();
        RotationTarget target = selfTarget().withAdmin(unprivileged);
        Credential next = next(victim, target);

        assertThatThrownBy(() -> rotator().change(target, victim, next))
                .isInstanceOfSatisfying(RotationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.REFUSED_BY_POLICY);
                    assertNoSecretIn(e, allSecrets());
                });
        assertThat(rotator().authenticates(selfTarget(), victim)).isTrue();
        assertThat(rotator().probe(selfTarget(), victim, next)).isEqualTo(RecoveryState.OLD_WORKS);
    }

    @Test
    void aWrongCurrentPasswordIsAnAuthFailureThatNamesNoSecret() throws Exception {
        Credential real = account();
        Credential wrong = Credential.password(real.username(), TestTargets.canaryPassword());
        secrets.add(wrong.requirePassword().clone());
        Credential next = next(real, selfTarget());

        assertThatThrownBy(() -> rotator().change(selfTarget(), wrong, next))
                .isInstanceOfSatisfying(RotationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.AUTH_FAILED);
                    assertThat(e.getMessage()).contains(real.username());
                    assertNoSecretIn(e, allSecrets());
                });
        assertThat(rotator().authenticates(selfTarget(), real)).isTrue();
    }

    @Test
    void verifyingAPasswordTheTargetRejectsFails() throws Exception {
        Credential real = account();
        Credential wrong = Credential.password(real.username(), TestTargets.canaryPassword());
        secrets.add(wrong.requirePassword().clone());

        assertThatThrownBy(() -> rotator().verify(selfTarget(), wrong))
                .isInstanceOfSatisfying(RotationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.VERIFY_FAILED);
                    assertNoSecretIn(e, allSecrets());
                });
        assertThat(rotator().probe(selfTarget(), real, wrong)).isEqualTo(RecoveryState.OLD_WORKS);
    }

    @Test
    void anUnreachableHostIsReportedAsSuchWithoutSecrets() throws Exception {
        RotationTarget dead = new RotationTarget("127.0.0.1", 1, adminTarget().database(), false, adminTarget().admin(),
                adminTarget().pinnedHostKey(), Duration.ofSeconds(3), adminTarget().options());
        Credential old = Credential.password(username("nobody"), TestTargets.canaryPassword());
        secrets.add(old.requirePassword().clone());
        Credential next = next(old, dead);

        assertThatThrownBy(() -> rotator().change(dead, old, next))
                .isInstanceOfSatisfying(RotationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.UNREACHABLE);
                    assertThat(e.getMessage()).contains("127.0.0.1:1");
                    assertNoSecretIn(e, allSecrets());
                });
        assertThatThrownBy(() -> rotator().verify(dead, next))
                .isInstanceOfSatisfying(RotationException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.UNREACHABLE));
    }
}
