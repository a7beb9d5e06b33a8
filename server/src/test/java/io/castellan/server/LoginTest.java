package io.castellan.server;

import static io.castellan.server.TestApiClient.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.store.AuditEvent;
import io.castellan.store.NewAuditEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** login_start and login: fake salts for unknown e-mails, identical failures, throttling and locking. */
@Timeout(60)
class LoginTest {

    @TempDir
    Path dataDir;

    private ApiTestServer api;
    private TestApiClient client;
    private final TestAccount alice = TestAccount.create("alice@example.com", "Canary-Login-Pw");

    @BeforeEach
    void start() throws Exception {
        api = ApiTestServer.start(dataDir, b -> b.loginThrottleAfter(2).loginLockAfter(4)
                .loginDelayBase(Duration.ofSeconds(1)).loginDelayMax(Duration.ofSeconds(3)));
        client = api.client;
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void loginStartForAnUnknownEmailIsStableAndShapedLikeARealAnswer() {
        api.admin(alice);
        ObjectNode real = client.ok("login_start", object().put("email", "alice@example.com"));
        ObjectNode fake = client.ok("login_start", object().put("email", "nobody@example.com"));
        ObjectNode again = client.ok("login_start", object().put("email", " NOBODY@example.com "));
        ObjectNode other = client.ok("login_start", object().put("email", "someone@example.com"));

        assertThat(fake).isEqualTo(again);
        assertThat(fake.get("salt").asText()).isNotEqualTo(other.get("salt").asText());
        assertThat(fake.properties()).extracting(e -> e.getKey())
                .containsExactlyElementsOf(real.properties().stream().map(e -> e.getKey()).toList());
        assertThat(Base64.getDecoder().decode(fake.get("salt").asText())).hasSize(16);
        assertThat(fake.get("iterations").isInt()).isTrue();
        assertThat(fake.get("iterations").asInt()).isEqualTo(1_000_000);
        assertThat(Base64.getDecoder().decode(real.get("salt").asText())).isEqualTo(alice.salt);
    }

    @Test
    void theFakeSaltSurvivesARestart() throws Exception {
        ObjectNode before = client.ok("login_start", object().put("email", "nobody@example.com"));
        api.close();
        api = ApiTestServer.start(dataDir, b -> b);

        assertThat(api.client.ok("login_start", object().put("email", "nobody@example.com"))).isEqualTo(before);
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() {
        api.admin(alice);
        TestApiClient.Reply wrong = client.call("login", object().put("email", alice.email)
                .put("authHash", b64(TestAccount.authHash("not the password", alice.salt, TestAccount.ITERATIONS))));
        TestApiClient.Reply unknown = client.call("login", object().put("email", "nobody@example.com")
                .put("authHash", b64(new byte[32])));

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json()).isEqualTo(unknown.json());
        assertThat(wrong.error()).isEqualTo("unauthenticated");
        assertThat(client.call("login", object().put("email", alice.email).put("authHash", b64(new byte[31])))
                .error()).isEqualTo("bad_request");
    }

    @Test
    void failuresForAnUnknownEmailAreThrottledLikeARealAccount() {
        ObjectNode guess = object().put("email", "nobody@example.com").put("authHash", b64(new byte[32]));
        assertThat(client.call("login", guess).status()).isEqualTo(401);
        assertThat(client.call("login", guess).status()).isEqualTo(401);

        TestApiClient.Reply throttled = client.call("login", guess);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.error()).isEqualTo("throttled");
        assertThat(throttled.json().get("retryAfterSeconds").asLong()).isEqualTo(1);

        api.clock.advance(Duration.ofMillis(1100));
        assertThat(client.call("login", guess).status()).isEqualTo(401);
        TestApiClient.Reply longer = client.call("login", guess);
        assertThat(longer.json().get("retryAfterSeconds").asLong()).as("the delay doubles").isEqualTo(2);
        api.clock.advance(Duration.ofSeconds(3));
        assertThat(client.call("login", guess).status()).as("the fourth failure locks").isEqualTo(401);
        api.clock.advance(Duration.ofMinutes(5));
        TestApiClient.Reply locked = client.call("login", guess);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.json().get("locked").asBoolean()).isTrue();
    }

    @Test
    void oneAddressGuessingManyAccountsIsThrottledToo() {
        api.admin(alice);
        for (int i = 0; i < 2; i++) {
            assertThat(client.call("login", object().put("email", "guess" + i + "@example.com")
                    .put("authHash", b64(new byte[32]))).status()).isEqualTo(401);
        }

        TestApiClient.Reply reply = client.call("login", ApiTestServer.credentials(alice));

        assertThat(reply.status()).as("alice's own account is clean, the address is not").isEqualTo(429);
        api.clock.advance(Duration.ofSeconds(2));
        assertThat(client.call("login", ApiTestServer.credentials(alice)).ok()).isTrue();
    }

    @Test
    void aLockedAccountRefusesEvenTheRightPasswordUntilAnAdministratorReEnablesIt() {
        String admin = api.admin(alice);
        TestAccount bob = TestAccount.create("bob@example.com", "Canary-Bob");
        api.user(admin, bob);
        ObjectNode wrong = ApiTestServer.credentials(bob).put("authHash", b64(new byte[32]));
        for (int i = 0; i < 4; i++) {
            assertThat(client.call("login", wrong).status()).isEqualTo(401);
            api.clock.advance(Duration.ofSeconds(4));
        }

        assertThat(client.call("login", ApiTestServer.credentials(bob)).json().get("locked").asBoolean()).isTrue();
        List<NewAuditEvent> events = api.store().auditEvents().range(1, Long.MAX_VALUE).stream()
                .map(AuditEvent::event).toList();
        assertThat(events).filteredOn(e -> e.eventType().equals("login_failed")).hasSize(4);
        assertThat(events).filteredOn(e -> e.eventType().equals("login_locked")).singleElement()
                .satisfies(e -> assertThat(e.subjectUids()).hasSize(1));

        client.ok("enterprise_user_enable", api.login(alice), object().put("email", bob.email));
        assertThat(client.call("login", ApiTestServer.credentials(bob)).ok()).isTrue();
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
