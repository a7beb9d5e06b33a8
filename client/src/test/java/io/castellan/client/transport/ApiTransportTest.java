package io.castellan.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.client.testing.FakeApiServer;
import io.castellan.client.testing.FakeApiServer.Received;
import io.castellan.client.testing.FakeApiServer.Refusal;
import io.castellan.crypto.Base64s;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApiTransportTest {

    private FakeApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ApiTransport transport(Clock clock) throws Exception {
        return new ApiTransport(server.url(), TlsTrust.pinned(serverFingerprint()), clock, Duration.ofSeconds(10));
    }

    private String serverFingerprint() {
        ApiTransport probe = ApiTransport.connect(server.url(), TlsTrust.trustOnFirstUse());
        probe.serverKeys();
        return probe.trust().observedFingerprint().orElseThrow();
    }

    private static ObjectNode object() {
        return FakeApiServer.MAPPER.createObjectNode();
    }

    @Test
    void aCallIsSealedEncryptedAndTheAnswerDecrypted() throws Exception {
        server = FakeApiServer.start((command, request) -> object().put("echo", request.path("email").asText())
                .put("command", command));
        Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        ObjectNode answer = transport(clock).call("login_start", object().put("email", "a@example.com"));

        assertThat(answer.path("echo").asText()).isEqualTo("a@example.com");
        assertThat(answer.path("command").asText()).isEqualTo("login_start");
        Received seen = server.received().get(0);
        assertThat(seen.keyId()).isEqualTo(1);
        assertThat(Base64s.decode(seen.transmissionKeyHeader())).as("ECIES of 32 bytes").hasSize(125);
        assertThat(seen.transmissionKey()).hasSize(32);
        assertThat(seen.headers().get("Content-type")).containsExactly("application/octet-stream");
        assertThat(seen.headers().get("Publickeyid")).containsExactly("1");
        assertThat(seen.body().path("ts").asLong()).isEqualTo(clock.millis());
        assertThat(seen.body().path("email").asText()).isEqualTo("a@example.com");
    }

    @Test
    void answersFarLargerThanTheRequestLimitAreRead() throws Exception {
        // A sync_down of ~10,000 records is ~8 MB of JSON: the answer bound must not be the 1 MiB request bound.
        String big = "x".repeat(3 * 1024 * 1024);
        server = FakeApiServer.start((command, request) -> object().put("blob", big));
        ObjectNode answer = transport(Clock.systemUTC()).call("sync_down", object());
        assertThat(answer.path("blob").asText()).hasSize(big.length());
    }

    @Test
    void everyCallUsesAFreshTransmissionKeyAndNeverReplays() throws Exception {
        server = FakeApiServer.start((command, request) -> object());
        ApiTransport transport = transport(Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            transport.call("whoami", object().put("session", "s"));
        }
        List<Received> seen = server.received();
        assertThat(seen).hasSize(5);
        assertThat(seen.stream().map(Received::transmissionKeyHeader).distinct()).hasSize(5);
        assertThat(seen.stream().map(r -> Base64s.encode(r.transmissionKey())).distinct()).hasSize(5);
        assertThat(server.replaysRefused()).isZero();
    }

    @Test
    void theSessionTravelsOnlyInsideTheEncryptedBody() throws Exception {
        server = FakeApiServer.start((command, request) -> object());
        transport(Clock.systemUTC()).call("whoami", object().put("session", "token-123"));
        Received seen = server.received().get(0);
        assertThat(seen.body().path("session").asText()).isEqualTo("token-123");
        assertThat(seen.headers().toString()).doesNotContain("token-123");
    }

    @Test
    void anErrorBodyBecomesACastellanExceptionWithCodeMessageAndDetails() throws Exception {
        server = FakeApiServer.start((command, request) -> {
            throw new Refusal(409, "conflict", "stale revision").with("revision", 7);
        });
        assertThatThrownBy(() -> transport(Clock.systemUTC()).call("record_update", object()))
                .isInstanceOfSatisfying(CastellanException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).isEqualTo("stale revision");
                    assertThat(e.detail("revision")).contains("7");
                    assertThat(e.detail(ApiErrors.DETAIL_HTTP_STATUS)).contains("409");
                });
    }

    @Test
    void forbiddenKeepsThePolicyDetail() throws Exception {
        server = FakeApiServer.start((command, request) -> {
            throw new Refusal(403, "forbidden", "policy missing").with("policy", "ALLOW_PAM_ROTATION");
        });
        assertThatThrownBy(() -> transport(Clock.systemUTC()).call("enterprise_user_list", object()))
                .isInstanceOfSatisfying(CastellanException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.detail("policy")).contains("ALLOW_PAM_ROTATION");
                });
    }

    @Test
    void anUnknownErrorCodeIsTreatedAsInternal() throws Exception {
        server = FakeApiServer.start((command, request) -> {
            throw new Refusal(418, "teapot", "short and stout");
        });
        assertThatThrownBy(() -> transport(Clock.systemUTC()).call("whoami", object()))
                .isInstanceOfSatisfying(CastellanException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                    assertThat(e.getMessage()).contains("short and stout", "teapot", "418");
                });
    }

    @Test
    void aStaleTimestampIsReportedWithItsCode() throws Exception {
        server = FakeApiServer.start((command, request) -> object());
        Clock oneHourAgo = Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC);
        assertThatThrownBy(() -> transport(oneHourAgo).call("whoami", object()))
                .isInstanceOfSatisfying(CastellanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE_REQUEST));
    }

    @Test
    void aKeyErrorRefetchesTheKeysOnceAndRetriesWithANewTransmissionKey() throws Exception {
        server = FakeApiServer.start((command, request) -> object().put("ok", true));
        ApiTransport transport = transport(Clock.systemUTC());
        transport.call("whoami", object());
        int fetchesBefore = server.keyFetches();
        server.rotateKey();

        assertThat(transport.call("whoami", object()).path("ok").asBoolean()).isTrue();
        assertThat(server.keyFetches()).isEqualTo(fetchesBefore + 1);
        List<Received> seen = server.received();
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).keyId()).isEqualTo(2);
        assertThat(seen.get(1).transmissionKeyHeader()).isNotEqualTo(seen.get(0).transmissionKeyHeader());
    }

    @Test
    void aPersistentKeyErrorIsRetriedOnlyOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server = FakeApiServer.start((command, request) -> {
            calls.incrementAndGet();
            throw new Refusal(400, "key", "unknown key").with("key_id", 1);
        });
        assertThatThrownBy(() -> transport(Clock.systemUTC()).call("whoami", object()))
                .isInstanceOfSatisfying(CastellanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSMISSION_KEY_REJECTED));
        assertThat(calls).hasValue(2);
    }

    @Test
    void theServersPlaintextErrorIsSanitised() {
        CastellanException e = ApiErrors.fromResponse(400,
                "{\"error\":\"bad_request\",\"message\":\"bad\\u001b[31m input\\n\"}".getBytes());
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).isEqualTo("bad[31m input");
        CastellanException html = ApiErrors.fromResponse(502, "<html>bad gateway</html>".getBytes());
        assertThat(html.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(html.getMessage()).contains("HTTP 502").doesNotContain("html");
    }

    @Test
    void anUnreachableServerIsUnavailable() {
        ApiTransport transport = new ApiTransport(java.net.URI.create("https://127.0.0.1:1"),
                TlsTrust.trustOnFirstUse(), Clock.systemUTC(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> transport.call("whoami", object()))
                .isInstanceOfSatisfying(CastellanException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("127.0.0.1:1");
                });
    }

    @Test
    void commandNamesAreChecked() throws Exception {
        server = FakeApiServer.start((command, request) -> object());
        assertThatThrownBy(() -> transport(Clock.systemUTC()).call("../x", object()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
