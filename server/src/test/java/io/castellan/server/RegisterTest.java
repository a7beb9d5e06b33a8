package io.castellan.server;

import static io.castellan.server.TestApiClient.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.store.UserStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Registration by invitation: single use, bound to the e-mail, expiring, replaced by a new invitation. */
@Timeout(60)
class RegisterTest {

    @TempDir
    Path dataDir;

    private ApiTestServer api;
    private TestApiClient client;
    private String admin;
    private final TestAccount alice = TestAccount.create("alice@example.com", "Canary-Admin-Pw");
    private final TestAccount bob = TestAccount.create("bob@example.com", "Canary-Register-Pw");

    @BeforeEach
    void start() throws Exception {
        api = ApiTestServer.start(dataDir, b -> b);
        client = api.client;
        admin = api.admin(alice);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String invite(String email) {
        return client.ok("enterprise_user_add", admin, object().put("email", email)).get("inviteCode").asText();
    }

    @Test
    void anInvitationWorksOnceAndOnlyForItsEmail() {
        String code = invite(bob.email);
        TestAccount carol = TestAccount.create("carol@example.com", "pw");
        invite(carol.email);

        assertThat(client.call("register", ApiTestServer.registration(carol, code)).error())
                .as("another invited e-mail").isEqualTo("unauthenticated");
        TestApiClient.Reply wrongCode = client.call("register", ApiTestServer.registration(bob, code + "x"));
        assertThat(wrongCode.status()).isEqualTo(401);
        assertThat(client.ok("register", ApiTestServer.registration(bob, code)).get("userUid").asText()).isNotBlank();
        TestApiClient.Reply second = client.call("register", ApiTestServer.registration(bob, code));
        assertThat(second.status()).isEqualTo(401);
        assertThat(second.json()).isEqualTo(wrongCode.json());
        assertThat(client.call("enterprise_user_add", admin, object().put("email", bob.email)).error())
                .isEqualTo("conflict");
    }

    @Test
    void anExpiredInvitationIsRefusedAndANewOneReplacesIt() {
        String first = invite(bob.email);
        api.clock.advance(Duration.ofDays(7).plusSeconds(1));
        assertThat(client.call("register", ApiTestServer.registration(bob, first)).error())
                .isEqualTo("unauthenticated");

        admin = api.login(alice);
        String second = invite(bob.email);
        assertThat(second).isNotEqualTo(first);
        api.clock.advance(Duration.ofDays(6));
        assertThat(client.call("register", ApiTestServer.registration(bob, first)).status()).isEqualTo(401);
        assertThat(client.call("register", ApiTestServer.registration(bob, second)).ok()).isTrue();
    }

    @Test
    void registrationRefusesWeakOrMalformedKeyMaterial() {
        String code = invite(bob.email);
        ObjectNode weak = ApiTestServer.registration(bob, code).put("iterations", 9_999);
        assertThat(client.call("register", weak).error()).isEqualTo("validation_failed");
        ObjectNode badKey = ApiTestServer.registration(bob, code).put("publicKey",
                java.util.Base64.getEncoder().encodeToString(new byte[65]));
        TestApiClient.Reply reply = client.call("register", badKey);
        assertThat(reply.error()).isEqualTo("bad_request");
        assertThat(reply.json().get("field").asText()).isEqualTo("publicKey");
        assertThat(api.store().users().findByEmail(bob.email).orElseThrow().status()).isEqualTo(UserStatus.INVITED);
        assertThat(client.call("register", ApiTestServer.registration(bob, code)).ok()).isTrue();
    }
}
