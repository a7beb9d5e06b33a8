package io.castellan.server;

import static io.castellan.server.TestApiClient.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.Ecies;
import io.castellan.store.AuditEvent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The envelope of docs/api.md: every refusal case, over real HTTPS, on one server for the class. */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvelopeTest {

    @TempDir
    static Path dataDir;

    private ApiTestServer api;
    private TestApiClient client;
    private String admin;
    private final TestAccount alice = TestAccount.create("alice@example.com", "Canary-Envelope-Pw");

    @BeforeAll
    void start() throws Exception {
        api = ApiTestServer.start(dataDir, b -> b.sessionIdleTimeout(Duration.ofMinutes(10))
                .sessionAbsoluteTimeout(Duration.ofMinutes(30)));
        client = api.client;
        admin = api.admin(alice);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void aCallIsAnsweredEncryptedWithTheSameTransmissionKey() {
        TestApiClient.Sealed sealed = client.seal("whoami", object().put("session", admin));
        HttpResponse<byte[]> raw = client.post("whoami", sealed.headers(), sealed.body());

        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/octet-stream"));
        assertThat(new String(raw.body(), StandardCharsets.ISO_8859_1)).doesNotContain("alice@example.com");
        String json = new String(Aes256Gcm.decrypt(sealed.transmissionKey(), raw.body()), StandardCharsets.UTF_8);
        assertThat(json).contains("\"email\":\"alice@example.com\"");
    }

    @Test
    void anUnknownKeyIdIsRefusedNamingTheCurrentOne() {
        TestApiClient.Sealed sealed = client.seal("login_start", object().put("email", "a@example.com"));
        Map<String, String> headers = new LinkedHashMap<>(sealed.headers());
        headers.put("PublicKeyId", "7");

        HttpResponse<byte[]> raw = client.post("login_start", headers, sealed.body());

        assertThat(raw.statusCode()).isEqualTo(400);
        ObjectNode error = TestApiClient.errorJson(raw);
        assertThat(error.get("error").asText()).isEqualTo("key");
        assertThat(error.get("key_id").asInt()).isEqualTo(api.server.transmissionKeys().current().keyId());
        headers.remove("PublicKeyId");
        assertThat(TestApiClient.errorJson(client.post("login_start", headers, sealed.body())).get("error").asText())
                .isEqualTo("key");
    }

    @Test
    void aTransmissionKeyOrBodyThatDoesNotOpenIsABadRequest() {
        TestApiClient.Sealed sealed = client.seal("login_start", object().put("email", "a@example.com"));
        Map<String, String> notBase64 = new LinkedHashMap<>(sealed.headers());
        notBase64.put("TransmissionKey", "***");
        Map<String, String> otherKey = new LinkedHashMap<>(sealed.headers());
        byte[] wrongBlob = Base64s.decode(sealed.headers().get("TransmissionKey"));
        wrongBlob[70] ^= 1;
        otherKey.put("TransmissionKey", Base64s.encode(wrongBlob));
        byte[] tamperedBody = sealed.body().clone();
        tamperedBody[tamperedBody.length - 1] ^= 1;

        assertBadRequest(client.post("login_start", notBase64, sealed.body()));
        assertBadRequest(client.post("login_start", otherKey, sealed.body()));
        assertBadRequest(client.post("login_start", sealed.headers(), tamperedBody));
        assertBadRequest(client.post("login_start", sealed.headers(), new byte[0]));
    }

    @Test
    void aBodyThatIsNotOneJsonObjectIsABadRequest() {
        for (String text : new String[] {"not json", "[1,2]", "{\"email\":\"a@b.c\",\"email\":\"d@e.f\"}", "{} {}",
                "{\"email\":\"a@example.com\"}"}) {
            HttpResponse<byte[]> raw = sendPlaintext("login_start", text.getBytes(StandardCharsets.UTF_8));
            assertBadRequest(raw);
            assertThat(new String(raw.body(), StandardCharsets.UTF_8)).doesNotContain("d@e.f");
        }
    }

    @Test
    void aRequestOutsideFiveMinutesOfTheServerClockIsStale() {
        long now = api.clock.millis();
        for (long ts : new long[] {now - Duration.ofMinutes(6).toMillis(), now + Duration.ofMinutes(6).toMillis()}) {
            TestApiClient.Reply reply = client.call("register", object().put("ts", ts).put("email", "x@example.com"));
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("stale_request");
        }
        assertThat(client.call("login_start", object().put("ts", now - Duration.ofMinutes(4).toMillis())
                .put("email", "x@example.com")).ok()).isTrue();
    }

    @Test
    void replayingTheSameBytesIsRefusedAndRunsNothingTwice() {
        TestApiClient.Sealed invite = client.seal("enterprise_user_add",
                object().put("session", admin).put("email", "replay@example.com"));
        TestApiClient.Reply first = client.send(invite);
        assertThat(first.ok()).isTrue();
        long events = api.store().auditEvents().lastSeq();

        TestApiClient.Reply again = client.send(invite);

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.error()).isEqualTo("replayed_request");
        assertThat(api.store().auditEvents().lastSeq()).as("nothing ran").isEqualTo(events);
        TestAccount replayer = TestAccount.create("replay@example.com", "pw-replay");
        TestApiClient.Sealed register = client.seal("register",
                ApiTestServer.registration(replayer, first.json().get("inviteCode").asText()));
        assertThat(client.send(register).ok()).isTrue();
        TestApiClient.Reply registerAgain = client.send(register);
        assertThat(registerAgain.error()).isEqualTo("replayed_request");
        assertThat(api.store().users().list()).filteredOn(u -> u.email().equals("replay@example.com")).hasSize(1);
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        TestApiClient.Sealed sealed = client.seal("login_start", object().put("email", "a@example.com"));
        byte[] big = new byte[(int) ServerConfig.DEFAULT_MAX_REQUEST_BODY_BYTES + 1];

        HttpResponse<byte[]> raw = client.post("login_start", sealed.headers(), big);

        assertThat(raw.statusCode()).isEqualTo(413);
        assertThat(TestApiClient.errorJson(raw).get("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void anUnknownCommandIsNotFound() {
        TestApiClient.Reply reply = client.call("no_such_command", object());
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.error()).isEqualTo("not_found");
    }

    @Test
    void aMissingUnknownOrRevokedSessionIsUnauthenticated() {
        assertThat(client.call("whoami", object()).status()).isEqualTo(401);
        assertThat(client.call("whoami", "not-a-session", object()).error()).isEqualTo("unauthenticated");
        String forged = Base64s.encodeWebSafe(CastellanRandom.bytes(32));
        assertThat(client.call("whoami", forged, object()).error()).isEqualTo("unauthenticated");
        assertThat(client.call("whoami", object().put("session", 42)).error()).isEqualTo("unauthenticated");

        String session = api.login(alice);
        assertThat(client.call("whoami", session, object()).ok()).isTrue();
        client.ok("logout", session, object());
        assertThat(client.call("whoami", session, object()).error()).isEqualTo("unauthenticated");
    }

    @Test
    void sessionsEndAfterTheIdleAndTheAbsoluteTimeout() {
        String idle = api.login(alice);
        String busy = api.login(alice);
        for (int i = 0; i < 4; i++) {
            api.clock.advance(Duration.ofMinutes(6));
            assertThat(client.call("whoami", busy, object()).ok()).as("used every 6 minutes").isTrue();
        }
        assertThat(client.call("whoami", idle, object()).error()).as("idle 24 minutes").isEqualTo("unauthenticated");
        api.clock.advance(Duration.ofMinutes(7));
        assertThat(client.call("whoami", busy, object()).error()).as("31 minutes after login")
                .isEqualTo("unauthenticated");
        assertThat(api.store().auditEvents().range(1, Long.MAX_VALUE)).extracting(AuditEvent::event)
                .filteredOn(e -> e.eventType().equals("session_expired")).hasSizeGreaterThanOrEqualTo(2);
        admin = api.login(alice);
    }

    private HttpResponse<byte[]> sendPlaintext(String command, byte[] plaintext) {
        byte[] tk = CastellanRandom.bytes(32);
        Map<String, String> headers = Map.of("PublicKeyId",
                Integer.toString(api.server.transmissionKeys().current().keyId()), "TransmissionKey",
                Base64s.encode(Ecies.seal(api.server.transmissionKeys().current().publicKeyRaw(), tk)));
        return client.post(command, headers, Aes256Gcm.encrypt(tk, plaintext));
    }

    private static void assertBadRequest(HttpResponse<byte[]> raw) {
        assertThat(raw.statusCode()).isEqualTo(400);
        ObjectNode error = TestApiClient.errorJson(raw);
        assertThat(error.get("error").asText()).isEqualTo("bad_request");
        assertThat(error.get("message").asText()).isNotBlank();
    }
}
