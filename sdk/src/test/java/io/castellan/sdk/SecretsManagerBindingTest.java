package io.castellan.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.Base64s;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.FileConfigStorage;
import io.castellan.sdk.testing.FakeDeviceServer;
import io.castellan.sdk.testing.Fixtures;
import io.castellan.sdk.testing.RecordingSleeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SecretsManagerBindingTest {

    private final FakeDeviceServer server = new FakeDeviceServer();
    @TempDir
    Path dir;

    SecretsManagerBindingTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void bindsOnTheFirstGetSecretAndAsksAgainAtOnce() throws Exception {
        String uid = server.vault.addRecord(null, FakeDeviceServer.login("db", "admin", "s3cret-pw"));
        Path file = dir.resolve("ksm-config.json");
        SecretsManagerOptions options = Fixtures.options(server, new RecordingSleeper())
                .storage(FileConfigStorage.at(file)).build();
        try (SecretsManager sm = SecretsManager.initialize(server.newToken(), options)) {
            ClientConfig before = sm.config();
            assertThat(before.get(ClientConfig.CLIENT_KEY)).isPresent();
            assertThat(before.isBound()).isFalse();
            assertThat(before.require(ClientConfig.HOSTNAME)).isEqualTo(server.hostname());
            assertThat(Files.exists(file)).as("unbound config saved at initialisation").isTrue();

            Secrets secrets = sm.getSecrets();

            // the binding answer carried no records: they can only come from a second get_secret
            assertThat(secrets.record(uid).orElseThrow().password()).contains("s3cret-pw");
            assertThat(server.paths()).containsExactly("get_secret", "get_secret");
            assertThat(server.calls().get(0).payload().path("publicKey").asText())
                    .isEqualTo(Base64s.encode(server.calls().isEmpty() ? new byte[0] : rawPublicKey(sm)));
            assertThat(server.calls().get(1).payload().has("publicKey")).isFalse();
            assertThat(server.calls().get(0).payload().path("clientVersion").asText()).isEqualTo("mj17.0.0");
            ClientConfig after = sm.config();
            assertThat(after.isBound()).isTrue();
            assertThat(after.get(ClientConfig.CLIENT_KEY)).isEmpty();
            assertThat(Base64s.decode(after.require(ClientConfig.APP_KEY))).isEqualTo(server.vault.appKey);
            assertThat(after.get(ClientConfig.APP_OWNER_PUBLIC_KEY)).isPresent();
            assertThat(after.require(ClientConfig.SERVER_PUBLIC_KEY_ID)).isEqualTo("1");
            assertThat(Base64s.decodeWebSafe(after.require(ClientConfig.SERVER_PUBLIC_KEY)))
                    .isEqualTo(server.currentServerKey());
            assertThat(secrets.appTitle()).isEqualTo("Fake App");
        }
        ClientConfig stored = FileConfigStorage.at(file).load().orElseThrow();
        assertThat(stored.isBound()).isTrue();
        assertThat(stored.get(ClientConfig.CLIENT_KEY)).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        // a new process reads the stored config and needs neither the token nor a second binding
        try (SecretsManager again = SecretsManager.fromStorage(Fixtures.options(server, new RecordingSleeper())
                .storage(FileConfigStorage.at(file)).build())) {
            assertThat(again.getSecrets(java.util.List.of(uid)).records()).hasSize(1);
            assertThat(server.calls().getLast().payload().has("publicKey")).isFalse();
        }
    }

    @Test
    void aBindingAnswerWithRecordsStillLeadsToOneMoreCall() throws Exception {
        server.vault.addRecord(null, FakeDeviceServer.login("a", "u", "p"));
        server.bindWithRecords(true);
        try (SecretsManager sm = SecretsManager.initialize(server.newToken(),
                Fixtures.options(server, new RecordingSleeper()).build())) {
            assertThat(sm.getSecrets().records()).hasSize(1);
            assertThat(server.paths()).containsExactly("get_secret", "get_secret");
            sm.getSecrets();
            assertThat(server.paths()).hasSize(3);
        }
    }

    @Test
    void reinitialisingWithTheSameTokenReusesTheStoredDeviceAndAnotherTokenIsRefused() throws Exception {
        Path file = dir.resolve("gateway-config.json");
        String token = server.newToken();
        SecretsManagerOptions options = Fixtures.options(server, new RecordingSleeper())
                .storage(FileConfigStorage.at(file)).build();
        try (SecretsManager sm = SecretsManager.initialize(token, options)) {
            sm.getSecrets();
        }
        try (SecretsManager again = SecretsManager.initialize(token, options)) {
            assertThat(again.isBound()).isTrue();
            again.getSecrets();
        }
        assertThat(server.paths()).containsExactly("get_secret", "get_secret", "get_secret");
        assertThatThrownBy(() -> SecretsManager.initialize(server.newToken(), options))
                .isInstanceOf(CastellanException.class)
                .satisfies(e -> assertThat(((CastellanException) e).code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void aTokenOfAnotherDeviceIsNotBoundAndTheErrorIsClear() throws Exception {
        String unknownToken = "127.0.0.1:" + Base64s.encodeWebSafe(new byte[32]);
        try (SecretsManager sm = SecretsManager.initialize(unknownToken,
                Fixtures.options(server, new RecordingSleeper()).build())) {
            assertThatThrownBy(sm::getSecrets).isInstanceOf(CastellanException.class)
                    .hasMessageContaining("get_secret failed (HTTP 403, access_denied): unknown client id")
                    .satisfies(e -> assertThat(((CastellanException) e).code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
            assertThat(sm.isBound()).isFalse();
            assertThat(sm.config().get(ClientConfig.CLIENT_KEY)).isPresent();
        }
    }

    private static byte[] rawPublicKey(SecretsManager sm) {
        ClientConfig config = sm.config();
        return io.castellan.crypto.EcKeys.rawPublicKey(io.castellan.crypto.EcKeys.publicKeyOf(
                io.castellan.crypto.EcKeys.privateKeyFromPkcs8(Base64s.decode(config.require(ClientConfig.PRIVATE_KEY)))));
    }
}
