package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.cli.Cli.Result;
import io.castellan.rotators.Credential;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.ssh.SshKeyRotator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSH key rotation through the whole loop: a real Linux account behind the test sshd (127.0.0.1:2222) whose
 * authorized_keys holds a key made by the real ssh-keygen; a {@code pamMachine} without an administrative credential
 * (the account rotates itself) and a {@code pamUser} holding the private key; a gateway process; {@code pam action
 * rotate --wait}. The first rotation pins the sshd's host key in the resource record; a pin that no longer matches
 * stops the next rotation before any credential is sent, and the vault's key still logs in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SshKeyRotationEndToEndTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final RotationTarget SSHD = RotationTarget.of("127.0.0.1", 2222);
    private static final String HOST_KEY = "SSH Host Key";

    @TempDir
    static Path dir;
    private RotationLab lab;
    private String account;
    private String initialKey;
    private String machineUid;
    private String userUid;

    @BeforeAll
    void setUp() throws Exception {
        account = "cstkey" + HexFormat.of().formatHex(bytes(4));
        LinuxTestAccounts.create(account, "Unused-" + HexFormat.of().formatHex(bytes(10)));
        Path keyDir = Files.createDirectories(dir.resolve("keygen"));
        Path key = keyDir.resolve("id");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "e2e", "-f",
                key.toString()).redirectErrorStream(true).start();
        assertThat(keygen.waitFor(60, TimeUnit.SECONDS) && keygen.exitValue() == 0)
                .as("ssh-keygen: %s", new String(keygen.getInputStream().readAllBytes())).isTrue();
        LinuxTestAccounts.installAuthorizedKey(account, Files.readString(keyDir.resolve("id.pub")));
        initialKey = Files.readString(key);
        Files.delete(key);

        lab = RotationLab.start(dir, "admin@ssh-key-e2e.example");
        lab.ok("mkdir", "-sf", "Machines");
        machineUid = lab.ok("record-add", "-rt", "pamMachine", "-t", "test sshd", "--folder", "Machines",
                "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"2222\"}").out().strip();
        userUid = lab.ok("record-add", "-rt", "pamUser", "-t", "key account", "--folder", "Machines",
                "login=" + account, "secret.privatePEMKey=" + initialKey).out().strip();
        lab.ok("secrets-manager", "app", "create", "pam app");
        lab.ok("secrets-manager", "share", "add", "--app", "pam app", "--secret", "Machines", "--editable");
        String gatewayConfig = lab.ok("pam", "gateway", "new", "-n", "gw-keys", "-a", "pam app", "-c").out().strip();
        String configUid = lab.ok("pam", "config", "new", "--environment", "local", "--title", "Keys",
                "--gateway", "gw-keys", "--shared-folder", "Machines", "--rotation", "on").out().strip();
        lab.ok("pam", "rotation", "edit", "--record", userUid, "--resource", machineUid, "--configuration",
                configUid, "--on-demand");
        lab.startGateway(gatewayConfig, null);
        lab.awaitGateway(true);
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            if (lab != null) {
                lab.close();
            }
        } finally {
            if (account != null) {
                LinuxTestAccounts.remove(account);
            }
        }
    }

    @Test
    @Order(1)
    void theGatewayRotatesTheKeyOnTheMachineAndPinsItsHostKey() throws Exception {
        assertThat(logsIn(initialKey)).as("the starting key works").isTrue();
        assertThat(field(machineUid, HOST_KEY)).as("nothing pinned yet").isNull();

        Result rotated = lab.ok("pam", "action", "rotate", "-r", userUid, "--wait", "--timeout", "120");

        assertThat(rotated.out()).containsIgnoringCase("succeeded");
        String now = field(userUid, "privatePEMKey");
        assertThat(now).isNotEqualTo(initialKey).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(logsIn(now)).as("the vault's new key logs in").isTrue();
        assertThat(logsIn(initialKey)).as("the old key was removed from authorized_keys").isFalse();
        assertThat(LinuxTestAccounts.authorizedKeys(account).lines().filter(l -> !l.isBlank()).toList())
                .hasSize(1).allSatisfy(line -> assertThat(line).startsWith("ssh-ed25519 "));
        String pinned = field(machineUid, HOST_KEY);
        assertThat(pinned).as("the first rotation pinned the sshd's host key").isNotBlank().matches("[a-z0-9-]+ \\S+");
        assertThat(hostKeys()).contains(pinned.split(" ")[1]);
        assertThat(rotated.out() + rotated.err()).doesNotContain(body(now), body(initialKey));
        assertThat(Files.readString(lab.gatewayLog())).contains(userUid).doesNotContain(body(now), body(initialKey));
    }

    @Test
    @Order(2)
    void aHostKeyThatNoLongerMatchesThePinStopsTheRotationAndChangesNothing() throws Exception {
        String before = field(userUid, "privatePEMKey");
        String authorizedBefore = LinuxTestAccounts.authorizedKeys(account);
        String otherKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
        lab.ok("record-update", machineUid, "c." + HOST_KEY + "=" + otherKey);

        Result refused = lab.run("pam", "action", "rotate", "-r", userUid, "--wait", "--timeout", "120");

        assertThat(refused.exit()).as(refused.out() + refused.err()).isNotZero();
        assertThat(refused.out() + refused.err()).containsIgnoringCase("host key");
        assertThat(field(userUid, "privatePEMKey")).isEqualTo(before);
        assertThat(LinuxTestAccounts.authorizedKeys(account)).isEqualTo(authorizedBefore);
        assertThat(logsIn(before)).as("the vault's key still works").isTrue();
    }

    private boolean logsIn(String privateKey) throws Exception {
        return new SshKeyRotator().authenticates(SSHD, Credential.privateKey(account, privateKey.toCharArray()));
    }

    /** The value of the field (standard or custom) labelled or typed {@code name}, or null. */
    private String field(String uid, String name) throws IOException {
        JsonNode record = lab.json("get", uid, "--unmask");
        for (String section : List.of("fields", "custom")) {
            for (JsonNode f : record.path(section)) {
                if (name.equals(f.path("label").asText()) || name.equals(f.path("type").asText())) {
                    JsonNode value = f.path("value");
                    return value.size() == 0 ? null : value.get(0).asText();
                }
            }
        }
        return null;
    }

    /** The host keys the test sshd presents, as ssh-keyscan sees them. */
    private static String hostKeys() throws Exception {
        Process scan = new ProcessBuilder("ssh-keyscan", "-p", "2222", "127.0.0.1").start();
        String out = new String(scan.getInputStream().readAllBytes());
        assertThat(scan.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /** The base64 body of an OpenSSH private key (what a leak would show), without its armour lines. */
    private static String body(String privateKey) {
        return privateKey.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
