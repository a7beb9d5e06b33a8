package io.castellan.rotators.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.rotators.ChangeResult;
import io.castellan.rotators.Credential;
import io.castellan.rotators.FailureKind;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.TargetOptions;
import io.castellan.rotators.password.PasswordComplexity;
import io.castellan.rotators.testing.LinuxAccounts;
import io.castellan.rotators.testing.Shell;
import io.castellan.rotators.testing.TestTargets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SSH keys of real accounts behind the test sshd; the starting keys come from the real ssh-keygen. */
class SshKeyRotatorTest {

    private final SshKeyRotator rotator = new SshKeyRotator();
    private final List<String> accounts = new ArrayList<>();

    @AfterEach
    void removeAccounts() {
        accounts.forEach(LinuxAccounts::remove);
    }

    /** A user whose authorized_keys holds one key made by ssh-keygen; returns the key credential. */
    private Credential userWithKey(String type, int bits) throws Exception {
        String name = TestTargets.uniqueName();
        LinuxAccounts.create(name, TestTargets.canaryPassword());
        accounts.add(name);
        Path dir = Files.createTempDirectory("sshkey");
        Path key = dir.resolve("id");
        try {
            Shell.run(null, "ssh-keygen", "-q", "-t", type, "-b", Integer.toString(bits), "-N", "", "-C", "test", "-f", key.toString());
            LinuxAccounts.installAuthorizedKey(name, Files.readString(dir.resolve("id.pub")));
            return Credential.privateKey(name, Files.readString(key).toCharArray());
        } finally {
            Files.deleteIfExists(key);
            Files.deleteIfExists(dir.resolve("id.pub"));
            Files.deleteIfExists(dir);
        }
    }

    @ParameterizedTest
    @CsvSource({"ed25519, 256, ssh-ed25519", "ecdsa, 256, ecdsa-sha2-nistp256", "ecdsa, 384, ecdsa-sha2-nistp384",
            "rsa, 3072, ssh-rsa"})
    void rotatesToAKeyOfTheSameTypeAndSizeAndRemovesTheOldOne(String keygenType, int bits, String sshType) throws Exception {
        Credential old = userWithKey(keygenType, bits);
        RotationTarget target = TestTargets.sshd();
        assertThat(rotator.authenticates(target, old)).isTrue();

        Credential next = rotator.generate(old, target, PasswordComplexity.DEFAULT);
        KeyPair newKey = SshKeys.parse(next.requirePrivateKey(), old.username());
        assertThat(new String(next.requirePrivateKey())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(SshKeys.typeOf(newKey)).isEqualTo(sshType);
        assertThat(SshKeys.sizeOf(newKey)).isEqualTo(bits);

        ChangeResult result = rotator.change(target, old, next);

        rotator.verify(target, next);
        assertThat(rotator.authenticates(target, old)).as("the old key must be gone").isFalse();
        assertThat(LinuxAccounts.authorizedKeys(old.username()).strip()).isEqualTo(SshKeys.publicLine(newKey));
        assertThat(result.observedHostKey()).isPresent();
    }

    @Test
    void thePrivateKeyTypeFieldForcesTheNewType() throws Exception {
        Credential old = userWithKey("rsa", 3072);
        RotationTarget target = TestTargets.sshd().withOption(TargetOptions.PRIVATE_KEY_TYPE, "ecdsa-sha2-nistp256");
        Credential next = rotator.generate(old, target, PasswordComplexity.DEFAULT);
        assertThat(SshKeys.typeOf(SshKeys.parse(next.requirePrivateKey(), "x"))).isEqualTo("ecdsa-sha2-nistp256");
        rotator.change(target, old, next);
        rotator.verify(target, next);
        assertThat(rotator.authenticates(target, old)).isFalse();
    }

    @Test
    void privateKeyRotateFalseKeepsTheKey() throws Exception {
        Credential old = userWithKey("ed25519", 256);
        RotationTarget target = TestTargets.sshd().withOption(TargetOptions.PRIVATE_KEY_ROTATE, "False");
        Credential next = rotator.generate(old, target, PasswordComplexity.DEFAULT);
        assertThat(next.requirePrivateKey()).isEqualTo(old.requirePrivateKey());
        ChangeResult result = rotator.change(target, old, next);
        assertThat(result.notes()).anySatisfy(n -> assertThat(n).contains("Private Key Rotate=False"));
        assertThat(rotator.authenticates(target, old)).isTrue();
    }

    @Test
    void anUnknownForcedTypeIsRefusedClearly() throws Exception {
        Credential old = userWithKey("ed25519", 256);
        RotationTarget target = TestTargets.sshd().withOption(TargetOptions.PRIVATE_KEY_TYPE, "ssh-dss");
        assertThatThrownBy(() -> rotator.generate(old, target, PasswordComplexity.DEFAULT))
                .isInstanceOfSatisfying(RotationException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("ssh-dss").contains("ssh-ed25519");
                });
    }

    @Test
    void aPinnedHostKeyThatDiffersStopsTheRotationAndLeavesAuthorizedKeysAlone() throws Exception {
        Credential old = userWithKey("ed25519", 256);
        String before = LinuxAccounts.authorizedKeys(old.username());
        RotationTarget wrongPin = TestTargets.sshd()
                .withPinnedHostKey(SshKeys.publicLine(SshKeys.generate(KeyPairTypes.ED25519, 256)));
        Credential next = rotator.generate(old, wrongPin, PasswordComplexity.DEFAULT);
        assertThatThrownBy(() -> rotator.change(wrongPin, old, next))
                .isInstanceOfSatisfying(RotationException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.HOST_KEY_MISMATCH));
        assertThat(LinuxAccounts.authorizedKeys(old.username())).isEqualTo(before);
    }

    @Test
    void aKeyTheServerWasNeverGivenDoesNotLogIn() throws Exception {
        Credential old = userWithKey("ed25519", 256);
        char[] stranger = SshKeys.toOpenSsh(SshKeys.generate(KeyPairTypes.ED25519, 256), "stranger");
        assertThatThrownBy(() -> rotator.verify(TestTargets.sshd(), Credential.privateKey(old.username(), stranger)))
                .isInstanceOfSatisfying(RotationException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.VERIFY_FAILED));
    }
}
