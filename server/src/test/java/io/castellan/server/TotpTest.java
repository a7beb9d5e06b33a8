package io.castellan.server;

import static io.castellan.server.TestApiClient.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.server.account.Base32;
import io.castellan.server.account.Totp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TOTP: setup, confirmation, login with a code, replayed codes, and roles that require it. */
@Timeout(60)
class TotpTest {

    @TempDir
    Path dataDir;

    private ApiTestServer api;
    private TestApiClient client;
    private final TestAccount alice = TestAccount.create("alice@example.com", "Canary-Totp-Pw");
    private final TestAccount bob = TestAccount.create("bob@example.com", "Canary-Totp-Bob");

    @BeforeEach
    void start() throws Exception {
        api = ApiTestServer.start(dataDir, b -> b);
        client = api.client;
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void confirmedTotpIsRequiredAtLoginAndEachCodeWorksOnce() throws Exception {
        String session = api.admin(alice);
        ObjectNode setup = client.ok("totp_setup", session, object());
        byte[] seed = Base32.decode(setup.get("secret").asText());
        assertThat(seed).hasSize(20);
        assertThat(setup.get("otpauthUri").asText()).startsWith("otpauth://totp/Castellan:alice%40example.com?secret="
                + setup.get("secret").asText()).contains("issuer=Castellan", "digits=6", "period=30");
        assertThat(client.ok("login", ApiTestServer.credentials(alice)).has("session"))
                .as("not required before confirmation").isTrue();

        TestApiClient.Reply wrongCode = client.call("totp_confirm", session, object().put("code", otherCode(seed)));
        assertThat(wrongCode.error()).isEqualTo("validation_failed");
        String code = Totp.code(seed, Totp.step(api.clock.instant()));
        client.ok("totp_confirm", session, object().put("code", code));
        assertThat(client.ok("whoami", session, object()).get("totpEnabled").asBoolean()).isTrue();

        TestApiClient.Reply noCode = client.call("login", ApiTestServer.credentials(alice));
        assertThat(noCode.status()).isEqualTo(401);
        assertThat(noCode.json().get("totpRequired").asBoolean()).isTrue();
        TestApiClient.Reply replayed = client.call("login", ApiTestServer.credentials(alice).put("totp", code));
        assertThat(replayed.status()).as("the confirmation code is used up").isEqualTo(401);
        assertThat(replayed.json().get("totpRequired").asBoolean()).isTrue();

        api.clock.advance(Duration.ofSeconds(30));
        String next = Totp.code(seed, Totp.step(api.clock.instant()));
        assertThat(client.call("login", ApiTestServer.credentials(alice).put("totp", next)).ok()).isTrue();
        assertThat(client.call("login", ApiTestServer.credentials(alice).put("totp", next)).status())
                .as("a code works once").isEqualTo(401);
        assertThat(client.call("totp_setup", session, object()).error()).as("cannot be swapped").isEqualTo("conflict");

        byte[] everything = readAll(dataDir);
        String asText = new String(everything, StandardCharsets.ISO_8859_1);
        assertThat(asText).doesNotContain(setup.get("secret").asText(), HexFormat.of().formatHex(seed),
                new String(seed, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aRoleRequiringTwoFactorLimitsSessionsUntilTotpIsConfirmed() {
        String admin = api.admin(alice);
        String bobSession = api.user(admin, bob);
        client.ok("enterprise_role_add", admin, object().put("name", "Secure"));
        client.ok("enterprise_role_enforcement", admin, object().put("role", "Secure")
                .put("policy", "REQUIRE_TWO_FACTOR").put("value", "True"));
        client.ok("enterprise_role_member", admin, object().put("role", "Secure").put("email", bob.email));

        TestApiClient.Reply refused = client.call("public_key", bobSession, object().put("email", alice.email));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("policy").asText()).isEqualTo("REQUIRE_TWO_FACTOR");
        assertThat(client.ok("whoami", bobSession, object()).get("enforcements").get("REQUIRE_TWO_FACTOR").asText())
                .isEqualTo("True");

        byte[] seed = Base32.decode(client.ok("totp_setup", bobSession, object()).get("secret").asText());
        client.ok("totp_confirm", bobSession, object().put("code", Totp.code(seed, Totp.step(api.clock.instant()))));

        assertThat(client.call("public_key", bobSession, object().put("email", alice.email)).ok()).isTrue();
    }

    private static String otherCode(byte[] seed) {
        return Totp.code(seed, 7);
    }

    private static byte[] readAll(Path dir) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.writeBytes(Files.readAllBytes(f));
            }
        }
        return out.toByteArray();
    }
}
