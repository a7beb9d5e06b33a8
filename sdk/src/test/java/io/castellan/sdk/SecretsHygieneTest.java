package io.castellan.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.Base64s;
import io.castellan.model.error.CastellanException;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.testing.FakeDeviceServer;
import io.castellan.sdk.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** No secret in toString, exceptions or answers a hostile server can steer. */
@Timeout(30)
class SecretsHygieneTest {

    private static final String PASSWORD = "Pa55-canary-7f3a";

    private final FakeDeviceServer server = new FakeDeviceServer();

    SecretsHygieneTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void valuesAndKeysNeverAppearInToString() throws Exception {
        String uid = server.vault.addRecord(null, FakeDeviceServer.login("t", "u", PASSWORD));
        server.vault.addFile(uid, "f.txt", PASSWORD.getBytes(StandardCharsets.UTF_8));
        try (SecretsManager sm = Fixtures.boundDevice(server)) {
            Secrets secrets = sm.getSecrets();
            ClientConfig config = sm.config();
            String appKey = config.require(ClientConfig.APP_KEY);
            String privateKey = config.require(ClientConfig.PRIVATE_KEY);
            List<String> rendered = List.of(secrets.toString(), secrets.records().getFirst().toString(),
                    secrets.records().getFirst().files().getFirst().toString(), sm.toString(), config.toString(),
                    new FileUpload("n", "t", "m", PASSWORD.getBytes(StandardCharsets.UTF_8)).toString());
            for (String s : rendered) {
                assertThat(s).doesNotContain(PASSWORD, appKey, privateKey);
            }
        }
    }

    @Test
    void aServerThatSendsUndecryptableDataGetsAnErrorWithoutContent() throws Exception {
        String uid = server.vault.addRecord(null, FakeDeviceServer.login("t", "u", PASSWORD));
        try (SecretsManager sm = Fixtures.boundDevice(server)) {
            server.vault.appKey[0] ^= 1; // the server now wraps record keys under another application key
            assertThatThrownBy(sm::getSecrets).isInstanceOf(CastellanException.class)
                    .hasMessage("the key of record " + uid + " does not decrypt (wrong key or corrupt data)")
                    .hasMessageNotContaining(PASSWORD);
        }
    }

    @Test
    void bindingHappensOnceWhenThreadsRaceForTheFirstCall() throws Exception {
        server.vault.addRecord(null, FakeDeviceServer.login("t", "u", PASSWORD));
        try (SecretsManager sm = SecretsManager.initialize(server.newToken(),
                Fixtures.options(server, new io.castellan.sdk.testing.RecordingSleeper()).build())) {
            List<Thread> threads = new java.util.ArrayList<>();
            java.util.Queue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
            for (int i = 0; i < 6; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        assertThat(sm.getSecrets().records()).hasSize(1);
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).isEmpty();
            assertThat(server.calls()).filteredOn(c -> c.payload().has("publicKey")).hasSize(1);
            assertThat(server.calls().getFirst().payload().path("publicKey").asText())
                    .isEqualTo(Base64s.encode(io.castellan.crypto.EcKeys.rawPublicKey(io.castellan.crypto.EcKeys
                            .publicKeyOf(io.castellan.crypto.EcKeys.privateKeyFromPkcs8(
                                    Base64s.decode(sm.config().require(ClientConfig.PRIVATE_KEY)))))));
        }
    }
}
