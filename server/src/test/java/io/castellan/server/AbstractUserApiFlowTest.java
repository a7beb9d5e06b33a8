package io.castellan.server;

import static io.castellan.server.TestApiClient.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.server.account.AdminBootstrap;
import io.castellan.store.AuditChainHash;
import io.castellan.store.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main user-API flow over real HTTPS against a real store, written once and run on SQLite and PostgreSQL:
 * bootstrap an administrator, invite and register a user, sign in, administer teams, roles and enforcements, disable,
 * and check the audit trail says so without a secret in it.
 */
@Timeout(60)
abstract class AbstractUserApiFlowTest {

    static final String ALICE_PASSWORD = "Canary-Alice-Pa55word!";
    static final String BOB_PASSWORD = "Canary-Bob-Pa55word!";

    @TempDir
    Path dataDir;

    ApiTestServer api;
    TestApiClient client;
    TestAccount alice;
    TestAccount bob;

    /** Points the configuration at the database under test. */
    abstract ServerConfig.Builder database(ServerConfig.Builder builder);

    @BeforeEach
    void start() throws Exception {
        api = ApiTestServer.start(dataDir, b -> database(b).loginThrottleAfter(3).loginLockAfter(5));
        client = api.client;
        alice = TestAccount.create("alice@example.com", ALICE_PASSWORD);
        bob = TestAccount.create("Bob@Example.com", BOB_PASSWORD);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anAdministratorInvitesAUserWhoRegistersAndSignsIn() {
        AdminBootstrap.createAdmin(api.store(), alice.email, alice.material(), api.clock);
        ObjectNode login = client.ok("login", ApiTestServer.credentials(alice));
        String adminSession = login.get("session").asText();
        assertThat(Base64.getUrlDecoder().decode(adminSession)).hasSize(32);
        assertThat(login.get("isAdmin").asBoolean()).isTrue();
        assertThat(login.get("idleTimeoutSeconds").asLong()).isEqualTo(3600);
        byte[] wrapped = Base64.getDecoder().decode(login.get("encryptedDataKey").asText());
        assertThat(Aes256Gcm.decrypt(alice.wrapKey, wrapped)).isEqualTo(alice.dataKey);
        assertThat(Base64.getDecoder().decode(login.get("publicKey").asText())).isEqualTo(alice.publicKey);
        assertThat(Base64.getDecoder().decode(login.get("sessionKey").asText())).hasSize(32);

        ObjectNode me = client.ok("whoami", adminSession, object());
        assertThat(me.get("email").asText()).isEqualTo("alice@example.com");
        assertThat(me.get("userUid").asText()).isEqualTo(login.get("userUid").asText());
        assertThat(me.get("sessionKey").asText()).isEqualTo(login.get("sessionKey").asText());
        assertThat(me.get("totpEnabled").asBoolean()).isFalse();
        assertThat(me.get("roles")).isEmpty();

        String code = client.ok("enterprise_user_add", adminSession, object().put("email", bob.email))
                .get("inviteCode").asText();
        String bobUid = client.ok("register", ApiTestServer.registration(bob, code)).get("userUid").asText();

        ObjectNode start = client.ok("login_start", object().put("email", "BOB@example.com"));
        assertThat(Base64.getDecoder().decode(start.get("salt").asText())).isEqualTo(bob.salt);
        assertThat(start.get("iterations").asInt()).isEqualTo(TestAccount.ITERATIONS);
        byte[] derived = TestAccount.authHash(BOB_PASSWORD, bob.salt, start.get("iterations").asInt());
        ObjectNode bobLogin = client.ok("login", object().put("email", "bob@example.com")
                .put("authHash", Base64.getEncoder().encodeToString(derived)));
        assertThat(bobLogin.get("userUid").asText()).isEqualTo(bobUid);
        assertThat(bobLogin.get("isAdmin").asBoolean()).isFalse();

        ObjectNode key = client.ok("public_key", bobLogin.get("session").asText(),
                object().put("email", "alice@example.com"));
        assertThat(Base64.getDecoder().decode(key.get("publicKey").asText())).isEqualTo(alice.publicKey);
    }

    @Test
    void rolesTeamsAndEnforcementsAreAdministeredAndSeenByMembers() {
        String admin = api.admin(alice);
        String bobSession = api.user(admin, bob);

        String roleUid = client.ok("enterprise_role_add", admin, object().put("name", "Rotators"))
                .get("roleUid").asText();
        client.ok("enterprise_role_enforcement", admin, object().put("role", "Rotators")
                .put("policy", "allow_pam_rotation").put("value", "TRUE"));
        client.ok("enterprise_role_enforcement", admin, object().put("role", roleUid)
                .put("policy", "ALLOW_LAUNCH_PAM_TUNNELS").put("value", "false"));
        client.ok("enterprise_role_member", admin, object().put("role", "Rotators").put("email", bob.email));
        String teamUid = client.ok("enterprise_team_add", admin, object().put("name", "Ops")).get("teamUid").asText();
        client.ok("enterprise_team_member", admin, object().put("team", teamUid).put("email", bob.email));

        ObjectNode me = client.ok("whoami", bobSession, object());
        assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactly("Rotators");
        assertThat(me.get("enforcements").get("ALLOW_PAM_ROTATION").asText()).isEqualTo("True");
        assertThat(me.get("enforcements").get("ALLOW_LAUNCH_PAM_TUNNELS").asText()).isEqualTo("False");

        JsonNode roles = client.ok("enterprise_role_list", admin, object()).get("roles");
        assertThat(roles).hasSize(1);
        assertThat(roles.get(0).get("roleUid").asText()).isEqualTo(roleUid);
        assertThat(roles.get(0).get("members")).extracting(JsonNode::asText).containsExactly("bob@example.com");
        assertThat(roles.get(0).get("enforcements").get("ALLOW_PAM_ROTATION").asText()).isEqualTo("True");

        JsonNode users = client.ok("enterprise_user_list", admin, object()).get("users");
        assertThat(users).extracting(u -> u.get("email").asText())
                .containsExactly("alice@example.com", "bob@example.com");
        JsonNode bobEntry = users.get(1);
        assertThat(bobEntry.get("status").asText()).isEqualTo("active");
        assertThat(bobEntry.get("isAdmin").asBoolean()).isFalse();
        assertThat(bobEntry.get("roles")).extracting(JsonNode::asText).containsExactly("Rotators");
        assertThat(bobEntry.get("teams")).extracting(JsonNode::asText).containsExactly("Ops");

        TestApiClient.Reply unknownPolicy = client.call("enterprise_role_enforcement", admin, object()
                .put("role", "Rotators").put("policy", "ALLOW_EVERYTHING").put("value", "True"));
        assertThat(unknownPolicy.status()).isEqualTo(400);
        assertThat(unknownPolicy.json().get("message").asText()).contains("ALLOW_EVERYTHING");
        assertThat(client.call("enterprise_role_add", admin, object().put("name", "Rotators")).error())
                .isEqualTo("conflict");
        assertThat(client.call("enterprise_role_add", bobSession, object().put("name", "Mine")).status())
                .isEqualTo(403);
        assertThat(client.call("enterprise_user_list", bobSession, object()).error()).isEqualTo("forbidden");

        client.ok("enterprise_role_member", admin, object().put("role", "Rotators").put("email", bob.email)
                .put("remove", true));
        client.ok("enterprise_team_member", admin, object().put("team", "Ops").put("email", bob.email)
                .put("remove", true));
        assertThat(client.ok("whoami", bobSession, object()).get("roles")).isEmpty();
        assertThat(client.call("enterprise_team_member", admin, object().put("team", "Ops").put("email", bob.email)
                .put("remove", true)).error()).isEqualTo("not_found");
    }

    @Test
    void disablingAUserRevokesTheirSessionsAtOnce() {
        String admin = api.admin(alice);
        String first = api.user(admin, bob);
        String second = api.login(bob);

        client.ok("enterprise_user_disable", admin, object().put("email", bob.email));

        assertThat(client.call("whoami", first, object()).error()).isEqualTo("unauthenticated");
        assertThat(client.call("whoami", second, object()).status()).isEqualTo(401);
        assertThat(client.call("login", ApiTestServer.credentials(bob)).error()).isEqualTo("unauthenticated");
        assertThat(client.call("enterprise_user_disable", admin, object().put("email", alice.email)).status())
                .as("an administrator cannot lock themselves out").isEqualTo(400);

        client.ok("enterprise_user_enable", admin, object().put("email", bob.email));
        assertThat(client.call("whoami", first, object()).status()).as("old sessions stay revoked").isEqualTo(401);
        assertThat(client.ok("whoami", api.login(bob), object()).get("email").asText()).isEqualTo("bob@example.com");
    }

    @Test
    void failedLoginsAreThrottledThenLockTheAccountUntilReEnabled() {
        String admin = api.admin(alice);
        api.user(admin, bob);
        ObjectNode wrong = ApiTestServer.credentials(bob).put("authHash",
                Base64.getEncoder().encodeToString(new byte[32]));
        for (int i = 0; i < 3; i++) {
            assertThat(client.call("login", wrong).error()).isEqualTo("unauthenticated");
        }
        TestApiClient.Reply throttled = client.call("login", ApiTestServer.credentials(bob));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.json().get("retryAfterSeconds").asLong()).isEqualTo(1);

        api.clock.advance(Duration.ofSeconds(2));
        assertThat(client.call("login", wrong).status()).isEqualTo(401);
        api.clock.advance(Duration.ofSeconds(3));
        assertThat(client.call("login", wrong).status()).as("the fifth failure locks").isEqualTo(401);
        api.clock.advance(Duration.ofHours(1));
        TestApiClient.Reply locked = client.call("login", ApiTestServer.credentials(bob));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.json().get("locked").asBoolean()).isTrue();

        assertThat(client.call("whoami", admin, object()).status()).as("idle for an hour").isEqualTo(401);
        client.ok("enterprise_user_enable", api.login(alice), object().put("email", bob.email));
        assertThat(client.call("login", ApiTestServer.credentials(bob)).ok()).isTrue();
    }

    @Test
    void theAuditTrailRecordsEachActionAndNoSecret() {
        String admin = api.admin(alice);
        String bobSession = api.user(admin, bob);
        client.ok("enterprise_role_add", admin, object().put("name", "Rotators"));
        client.ok("enterprise_role_enforcement", admin, object().put("role", "Rotators")
                .put("policy", "ALLOW_PAM_ROTATION").put("value", "True"));
        client.ok("enterprise_role_member", admin, object().put("role", "Rotators").put("email", bob.email));
        client.ok("enterprise_role_member", admin, object().put("role", "Rotators").put("email", bob.email)
                .put("remove", true));
        client.ok("enterprise_team_add", admin, object().put("name", "Ops"));
        client.ok("enterprise_team_member", admin, object().put("team", "Ops").put("email", bob.email));
        client.ok("enterprise_team_member", admin, object().put("team", "Ops").put("email", bob.email)
                .put("remove", true));
        client.call("login", ApiTestServer.credentials(bob).put("authHash",
                Base64.getEncoder().encodeToString(TestAccount.authHash(ALICE_PASSWORD, bob.salt, 10_000))));
        client.ok("logout", bobSession, object());
        client.ok("enterprise_user_disable", admin, object().put("email", bob.email));

        List<AuditEvent> events = api.store().auditEvents().range(1, Long.MAX_VALUE);
        assertThat(events).extracting(e -> e.event().eventType()).contains("admin_created", "login_succeeded",
                "user_invited", "user_registered", "role_created", "role_enforcement_changed", "role_member_added",
                "role_member_removed", "team_created", "team_member_added", "team_member_removed", "login_failed",
                "logout", "user_disabled");
        String prev = AuditChainHash.GENESIS;
        for (AuditEvent e : events) {
            assertThat(e.hash()).isEqualTo(AuditChainHash.of(e.seq(), e.event(), prev));
            prev = e.hash();
        }
        String all = events.toString() + events.stream().map(e -> e.event().detailsJson() + e.event().actor()
                + e.event().subjectUids()).toList();
        for (String canary : secretsOf(alice, bob, adminSessionsOf(admin, bobSession))) {
            assertThat(all).doesNotContain(canary);
        }
    }

    private static List<String> adminSessionsOf(String... sessions) {
        return List.of(sessions);
    }

    /** The passwords, auth hashes, wrap and data keys of the accounts, raw and in base64 and hex. */
    static List<String> secretsOf(TestAccount a, TestAccount b, List<String> tokens) {
        List<String> canaries = new ArrayList<>(tokens);
        for (TestAccount account : List.of(a, b)) {
            canaries.add(account.password);
            for (byte[] secret : List.of(account.authHash, account.wrapKey, account.dataKey)) {
                canaries.add(Base64.getEncoder().encodeToString(secret));
                canaries.add(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
                canaries.add(HexFormat.of().formatHex(secret));
                canaries.add(new String(secret, StandardCharsets.ISO_8859_1));
            }
        }
        return canaries;
    }
}
