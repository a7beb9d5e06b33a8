package io.castellan.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.testing.FakeDeviceServer;
import io.castellan.sdk.testing.Fixtures;
import io.castellan.sdk.testing.RecordingSleeper;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Envelope, server keys, retries and error mapping against the fake device API. */
@Timeout(30)
class TransportBehaviourTest {

    private final FakeDeviceServer server = new FakeDeviceServer();
    private final RecordingSleeper sleeper = new RecordingSleeper();

    TransportBehaviourTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SecretsManager bound() throws Exception {
        SecretsManager sm = SecretsManager.initialize(server.newToken(), Fixtures.options(server, sleeper).build());
        sm.getSecrets();
        return sm;
    }

    @Test
    void aKeyErrorSwitchesToTheNamedServerKeyRetriesOnceAndSavesIt() throws Exception {
        String uid = server.vault.addRecord(null, FakeDeviceServer.login("a", "b", "c"));
        try (SecretsManager sm = bound()) {
            int newId = server.rotateKey(1);
            int before = server.calls().size();
            assertThat(sm.getSecrets(List.of(uid)).records()).hasSize(1);
            assertThat(server.calls()).hasSize(before + 1);
            ClientConfig config = sm.config();
            assertThat(config.require(ClientConfig.SERVER_PUBLIC_KEY_ID)).isEqualTo(Integer.toString(newId));
            assertThat(Base64s.decodeWebSafe(config.require(ClientConfig.SERVER_PUBLIC_KEY)))
                    .isEqualTo(server.currentServerKey());
        }
    }

    @Test
    void aSecondKeyErrorInOneCallIsReportedNotLooped() throws Exception {
        try (SecretsManager sm = bound()) {
            server.failNext(400, "{\"error\":\"key\",\"key_id\":1}");
            server.failNext(400, "{\"error\":\"key\",\"key_id\":1}");
            assertThatThrownBy(sm::getSecrets).isInstanceOf(CastellanException.class)
                    .satisfies(e -> assertThat(((CastellanException) e).code())
                            .isEqualTo(ErrorCode.TRANSMISSION_KEY_REJECTED));
            assertThat(server.paths()).hasSize(4);
        }
    }

    @Test
    void throttlingWaitsAsToldWithinTheCapThenSucceeds() throws Exception {
        try (SecretsManager sm = bound()) {
            server.failNext(403, "{\"error\":\"throttled\",\"message\":\"slow down\",\"retry_after\":2}");
            server.failNext(403, "{\"error\":\"throttled\",\"retry_after\":3600}");
            sm.getSecrets();
            assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(30));
        }
    }

    @Test
    void throttlingBeyondTheRetryBudgetIsReported() throws Exception {
        try (SecretsManager sm = bound()) {
            for (int i = 0; i < 4; i++) {
                server.failNext(403, "{\"error\":\"throttled\",\"message\":\"slow down\",\"retry_after\":1}");
            }
            assertThatThrownBy(sm::getSecrets).isInstanceOf(CastellanException.class)
                    .hasMessage("get_secret failed (HTTP 403, throttled): slow down")
                    .satisfies(e -> {
                        CastellanException c = (CastellanException) e;
                        assertThat(c.code()).isEqualTo(ErrorCode.THROTTLED);
                        assertThat(c.detail(CastellanException.DETAIL_RETRY_AFTER)).contains("1");
                    });
            assertThat(sleeper.waits()).hasSize(3);
        }
    }

    @Test
    void errorBodiesBecomeCatalogueCodes() throws Exception {
        try (SecretsManager sm = bound()) {
            server.failNext(404, "{\"path\":\"get_secret\",\"additional_info\":\"\",\"location\":\"x\","
                    + "\"error\":\"not_found\",\"message\":\"gone\"}");
            assertThatThrownBy(sm::getSecrets).hasMessage("get_secret failed (HTTP 404, not_found): gone")
                    .satisfies(e -> assertThat(((CastellanException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
            server.failNext(502, "<html>bad gateway</html>");
            assertThatThrownBy(sm::getFolders).hasMessage("get_folders failed (HTTP 502)")
                    .satisfies(e -> assertThat(((CastellanException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
            server.failNext(400, "{\"error\":\"invalid_client_version\",\"message\":\"too old\"}");
            assertThatThrownBy(sm::getSecrets).satisfies(e -> assertThat(((CastellanException) e).code())
                    .isEqualTo(ErrorCode.INVALID_CLIENT_VERSION));
        }
    }

    @Test
    void aSignatureTheServerCannotVerifyIsAClearUnauthenticatedError() throws Exception {
        try (SecretsManager sm = bound()) {
            server.replaceDeviceKeys((ECPublicKey) EcKeys.generateKeyPair().getPublic());
            assertThatThrownBy(sm::getSecrets).isInstanceOf(CastellanException.class)
                    .hasMessage("get_secret failed (HTTP 403, access_denied): Signature is invalid")
                    .satisfies(e -> assertThat(((CastellanException) e).code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
        }
    }

    @Test
    void aConfigWithAnotherPrivateKeyIsRejectedByTheServer() throws Exception {
        ClientConfig stolen;
        try (SecretsManager sm = bound()) {
            stolen = sm.config().with(ClientConfig.PRIVATE_KEY, Base64s.encode(
                    EcKeys.pkcs8((ECPrivateKey) EcKeys.generateKeyPair().getPrivate())));
        }
        try (SecretsManager forged = SecretsManager.fromConfig(stolen, Fixtures.options(server, sleeper).build())) {
            assertThatThrownBy(forged::getSecrets).hasMessageContaining("Signature is invalid");
        }
    }

    @Test
    void theServerKeyIsLookedUpOnceWhenTheConfigLacksIt() throws Exception {
        String token = server.newToken();
        try (SecretsManager sm = SecretsManager.initialize(token, Fixtures.options(server, sleeper).build())) {
            assertThat(sm.config().get(ClientConfig.SERVER_PUBLIC_KEY)).isEmpty();
            sm.getSecrets();
            sm.getSecrets();
            assertThat(sm.config().require(ClientConfig.SERVER_PUBLIC_KEY_ID)).isEqualTo("1");
        }
    }

    @Test
    void aFourPartTokenCarriesTheServerKeyItself() throws Exception {
        String token = server.newToken() + ":1:" + Base64s.encodeWebSafe(server.currentServerKey());
        try (SecretsManager sm = SecretsManager.initialize(token, Fixtures.options(server, sleeper).build())) {
            assertThat(sm.config().require(ClientConfig.SERVER_PUBLIC_KEY_ID)).isEqualTo("1");
            sm.getSecrets();
            assertThat(sm.isBound()).isTrue();
        }
    }

    @Test
    void anOversizedAnswerIsRefused() throws Exception {
        for (int i = 0; i < 20; i++) {
            server.vault.addRecord(null, FakeDeviceServer.login("r" + i, "u", "x".repeat(500)));
        }
        try (SecretsManager sm = SecretsManager.initialize(server.newToken(),
                Fixtures.options(server, sleeper).maxResponseBytes(4096).build())) {
            assertThatThrownBy(sm::getSecrets).isInstanceOf(CastellanException.class)
                    .satisfies(e -> assertThat(((CastellanException) e).code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
        }
    }

    @Test
    void requestsCarryTheEnvelopeHeadersAndNoPlaintext() throws Exception {
        try (SecretsManager sm = bound()) {
            assertThat(sm.toString()).isEqualTo("SecretsManager[" + server.hostname() + ", bound]");
            assertThat(server.calls().getFirst().payload().path("clientId").asText())
                    .isEqualTo(sm.config().require(ClientConfig.CLIENT_ID));
        }
    }
}
