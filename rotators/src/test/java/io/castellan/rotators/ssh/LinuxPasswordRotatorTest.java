package io.castellan.rotators.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.rotators.ChangeResult;
import io.castellan.rotators.Credential;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.Rotator;
import io.castellan.rotators.RotatorContractTest;
import io.castellan.rotators.password.PasswordComplexity;
import io.castellan.rotators.testing.LinuxAccounts;
import io.castellan.rotators.testing.TestTargets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real Linux accounts behind the test sshd on 2222: sudo chpasswd with an admin whom sudo asks for a password,
 * passwd by the user itself, and host-key pinning.
 */
class LinuxPasswordRotatorTest extends RotatorContractTest {

    private static String adminName;
    private static char[] adminPassword;
    private final LinuxPasswordRotator rotator = new LinuxPasswordRotator();

    @BeforeAll
    static void createSudoAdmin() throws Exception {
        adminName = TestTargets.uniqueName();
        adminPassword = TestTargets.canaryPassword();
        LinuxAccounts.create(adminName, adminPassword);
        LinuxAccounts.allowSudoChpasswd(adminName, false);
    }

    @AfterAll
    static void removeSudoAdmin() {
        LinuxAccounts.remove(adminName);
    }

    @Override
    protected Rotator rotator() {
        return rotator;
    }

    @Override
    protected RotationTarget adminTarget() {
        return TestTargets.sshd().withAdmin(Credential.password(adminName, adminPassword.clone()));
    }

    @Override
    protected void createAccount(String name, char[] password) {
        LinuxAccounts.create(name, password);
    }

    @Override
    protected void removeAccount(String name) {
        LinuxAccounts.remove(name);
    }

    @Test
    void aPasswordlessSudoAdminWorksToo() throws Exception {
        String admin = TestTargets.uniqueName();
        char[] pw = TestTargets.canaryPassword();
        LinuxAccounts.create(admin, pw.clone());
        try {
            LinuxAccounts.allowSudoChpasswd(admin, true);
            Credential old = account();
            RotationTarget target = TestTargets.sshd().withAdmin(Credential.password(admin, pw));
            Credential next = rotator.generate(old, target, PasswordComplexity.DEFAULT);
            rotator.change(target, old, next);
            rotator.verify(target, next);
            assertThat(rotator.authenticates(target, old)).isFalse();
        } finally {
            LinuxAccounts.remove(admin);
        }
    }

    @Test
    void theHostKeyIsPinnedOnFirstUseAndAChangedKeyIsRefusedBeforeAnyPasswordIsSent() throws Exception {
        Credential old = account();
        Credential next = rotator.generate(old, adminTarget(), PasswordComplexity.DEFAULT);

        ChangeResult first = rotator.change(adminTarget(), old, next);

        assertThat(first.observedHostKey()).isPresent();
        List<String> serverKeys = new ArrayList<>();
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            serverKeys.add(HostKeyPin.normalise(Files.readString(TestTargets.DIR.resolve("ssh/ssh_host_" + type + "_key.pub"))));
        }
        assertThat(serverKeys).contains(first.observedHostKey().get());

        RotationTarget pinned = adminTarget().withPinnedHostKey(first.observedHostKey().get());
        rotator.verify(pinned, next);

        String otherKey = SshKeys.publicLine(SshKeys.generate(KeyPairTypes.ED25519, 256));
        RotationTarget wrongPin = adminTarget().withPinnedHostKey(otherKey);
        Credential third = rotator.generate(next, wrongPin, PasswordComplexity.DEFAULT);
        String thirdPassword = new String(third.requirePassword());
        assertThatThrownBy(() -> rotator.change(wrongPin, next, third))
                .isInstanceOfSatisfying(RotationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.HOST_KEY_MISMATCH);
                    assertThat(e.getMessage()).contains("SHA256:").doesNotContain(thirdPassword);
                });
        assertThat(rotator.authenticates(pinned, next)).as("nothing changed on a mismatch").isTrue();
    }

    @Test
    void aNewlineInAPasswordIsRefusedBeforeConnecting() throws Exception {
        Credential old = Credential.password("someone", "Canary-a".toCharArray());
        Credential bad = old.withPassword("x\nroot:y".toCharArray());
        assertThatThrownBy(() -> rotator.change(adminTarget(), old, bad))
                .isInstanceOfSatisfying(RotationException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_INPUT));
    }

    @Test
    void aUsernameThatCouldInjectIntoChpasswdIsRefused() {
        Credential old = Credential.password("root:x", "Canary-a".toCharArray());
        Credential next = old.withPassword("Canary-b".toCharArray());
        assertThatThrownBy(() -> rotator.change(adminTarget(), old, next))
                .isInstanceOfSatisfying(RotationException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.INVALID_INPUT));
    }
}
