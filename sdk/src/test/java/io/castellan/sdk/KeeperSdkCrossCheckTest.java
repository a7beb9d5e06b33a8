package io.castellan.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.keepersecurity.secretsManager.core.CreateOptions;
import com.keepersecurity.secretsManager.core.EncryptedPayload;
import com.keepersecurity.secretsManager.core.InMemoryStorage;
import com.keepersecurity.secretsManager.core.KeeperFolder;
import com.keepersecurity.secretsManager.core.KeeperHttpResponse;
import com.keepersecurity.secretsManager.core.KeeperRecord;
import com.keepersecurity.secretsManager.core.KeeperRecordData;
import com.keepersecurity.secretsManager.core.KeeperSecrets;
import com.keepersecurity.secretsManager.core.KeyValueStorage;
import com.keepersecurity.secretsManager.core.Login;
import com.keepersecurity.secretsManager.core.TransmissionKey;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.Signatures;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.ClientConfigCodec;
import io.castellan.sdk.config.OneTimeToken;
import io.castellan.sdk.testing.FakeDeviceServer;
import io.castellan.sdk.testing.Fixtures;
import io.castellan.sdk.testing.RecordingSleeper;
import io.castellan.sdk.transport.TlsTrust;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kotlin.jvm.functions.Function3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cross-checks with the real Keeper Secrets Manager Java SDK 17.0.0 (test scope): it reads the configuration this
 * SDK writes, this SDK reads the configuration it writes, both agree on Keeper's token/client-id check value, and
 * the unmodified jar — through its public {@code queryFunction} hook, which re-seals each request to the Castellan
 * server key, since J17.0 hard-codes Keeper's keys — reads and writes the same records as this SDK through the fake
 * device API. The last part also shows that the fake's answers satisfy J17.0's strict response classes.
 */
@Timeout(60)
class KeeperSdkCrossCheckTest {

    private static final String KEEPER_TOKEN = "YyIhK5wXFHj36wGBAOmBsxI3v5rIruINrC8KXjyM58c";
    private static final String KEEPER_CLIENT_ID =
            "6FSaAYix6NY+3gFbC4h3yVRgKDl1prYLTowsYcd2vWipj27jpjtaYgTz1N+XKOQgtt42RMa7GBg7sIZfnwlWVQ==";

    private final FakeDeviceServer server = new FakeDeviceServer();

    KeeperSdkCrossCheckTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void bothSdksDeriveKeepersClientIdCheckValueAndWeReadAConfigKeeperInitialised() throws Exception {
        InMemoryStorage keeper = new InMemoryStorage();
        com.keepersecurity.secretsManager.core.SecretsManager.initializeStorage(keeper, "US:" + KEEPER_TOKEN, null);
        assertThat(keeper.getString("clientId")).isEqualTo(KEEPER_CLIENT_ID);
        assertThat(OneTimeToken.parse("US:" + KEEPER_TOKEN, null).clientId()).isEqualTo(KEEPER_CLIENT_ID);

        Map<String, String> values = new LinkedHashMap<>();
        for (String key : List.of("hostname", "clientId", "clientKey", "privateKey")) {
            values.put(key, keeper.getString(key));
        }
        values.put("hostname", server.hostname());
        try (SecretsManager ours = SecretsManager.fromConfig(ClientConfig.of(values),
                Fixtures.options(server, new RecordingSleeper()).build())) {
            assertThat(ours.isBound()).isFalse();
            // the public key our SDK would send at binding is the one Keeper derived from the same private key
            assertThat(EcKeys.rawPublicKey(EcKeys.publicKeyOf(EcKeys.privateKeyFromPkcs8(
                    Base64s.decode(values.get("privateKey")))))).isEqualTo(keeper.getBytes("publicKey"));
        }
    }

    @Test
    void keepersStrictParserReadsOurConfigExceptTheServerPublicKey() throws Exception {
        try (SecretsManager ours = Fixtures.boundDevice(server)) {
            ClientConfig config = ours.config();
            assertThatThrownBy(() -> new InMemoryStorage(ClientConfigCodec.toJson(config)))
                    .as("J17.0 rejects the unknown key serverPublicKey").hasMessageContaining("serverPublicKey");
            InMemoryStorage keeper = new InMemoryStorage(ClientConfigCodec.toBase64(
                    config.with(ClientConfig.SERVER_PUBLIC_KEY, null)));
            assertThat(keeper.getString("hostname")).isEqualTo(server.hostname());
            assertThat(keeper.getString("clientId")).isEqualTo(config.require(ClientConfig.CLIENT_ID));
            assertThat(keeper.getBytes("appKey")).isEqualTo(server.vault.appKey);
            assertThat(keeper.getBytes("privateKey")).isEqualTo(Base64s.decode(config.require(ClientConfig.PRIVATE_KEY)));
            assertThat(keeper.getString("appOwnerPublicKey")).isEqualTo(config.require(ClientConfig.APP_OWNER_PUBLIC_KEY));
            assertThat(keeper.getString("serverPublicKeyId")).isEqualTo("1");
            assertThat(keeper.getString("clientKey")).isNull();
        }
    }

    @Test
    void theUnmodifiedKeeperJarSharesRecordsAndFoldersWithOurSdk() throws Exception {
        String shared = server.vault.addFolder(null, "Shared");
        String sub = server.vault.addFolder(shared, "Sub");
        String direct = server.vault.addRecord(null, FakeDeviceServer.login("Direct", "root", "direct-pw"));
        String inFolder = server.vault.addRecord(sub, FakeDeviceServer.login("In sub", "svc", "folder-pw"));
        try (SecretsManager ours = Fixtures.boundDevice(server)) {
            // J17.0 knows only Keeper's key ids (7-17) and rejects serverPublicKey: give it id 7 and let the adapter seal
            InMemoryStorage storage = new InMemoryStorage(ClientConfigCodec.toJson(ours.config()
                    .with(ClientConfig.SERVER_PUBLIC_KEY, null).with(ClientConfig.SERVER_PUBLIC_KEY_ID, "7")));
            var options = new com.keepersecurity.secretsManager.core.SecretsManagerOptions(storage, adapter(storage));

            KeeperSecrets secrets = com.keepersecurity.secretsManager.core.SecretsManager.getSecrets(options, List.of());
            assertThat(secrets.getRecords()).extracting(KeeperRecord::getRecordUid)
                    .containsExactlyInAnyOrder(direct, inFolder);
            assertThat(secrets.getRecordByUid(direct).getPassword()).isEqualTo("direct-pw");
            KeeperRecord keeperInFolder = secrets.getRecordByUid(inFolder);
            assertThat(keeperInFolder.getPassword()).isEqualTo("folder-pw");
            assertThat(keeperInFolder.getFolderUid()).isEqualTo(shared);
            assertThat(keeperInFolder.getInnerFolderUid()).isEqualTo(sub);
            assertThat(com.keepersecurity.secretsManager.core.SecretsManager.getNotationResults(options,
                    "keeper://Direct/field/login")).containsExactly("root");

            List<KeeperFolder> folders = com.keepersecurity.secretsManager.core.SecretsManager.getFolders(options);
            assertThat(folders).extracting(KeeperFolder::getName).containsExactlyInAnyOrder("Shared", "Sub");

            // J17.0 decodes the get_folders answer as a get_secret answer: {"folders":[…]} alone is not enough
            server.minimalFoldersAnswer(true);
            assertThatThrownBy(() -> com.keepersecurity.secretsManager.core.SecretsManager.getFolders(options))
                    .hasMessageContaining("Fields [encryptedAppKey, records] are required");
            assertThat(ours.getFolders()).hasSize(2);
            server.minimalFoldersAnswer(false);

            // Keeper writes, we read; we write, Keeper reads
            keeperInFolder.updatePassword("set-by-keeper");
            com.keepersecurity.secretsManager.core.SecretsManager.updateSecret(options, keeperInFolder, null);
            Secret mine = ours.getSecrets(List.of(inFolder)).records().getFirst();
            assertThat(mine.password()).contains("set-by-keeper");
            mine.data().setFieldValue("password", null, "set-by-castellan");
            ours.updateSecret(mine);
            assertThat(com.keepersecurity.secretsManager.core.SecretsManager.getSecrets(options, List.of(inFolder))
                    .getRecords().getFirst().getPassword()).isEqualTo("set-by-castellan");

            // Keeper creates a sub-folder and a record in it (web-safe CBC / GCM payloads); we read both
            String keeperFolder = com.keepersecurity.secretsManager.core.SecretsManager.createFolder(options,
                    new CreateOptions(shared, sub), "Made by Keeper");
            String keeperRecord = com.keepersecurity.secretsManager.core.SecretsManager.createSecret2(options,
                    new CreateOptions(shared, keeperFolder), new KeeperRecordData("Keeper made", "login",
                            List.of(new Login(List.of("kuser")))));
            assertThat(ours.getFolders()).filteredOn(f -> f.uid().equals(keeperFolder)).singleElement()
                    .satisfies(f -> {
                        assertThat(f.name()).isEqualTo("Made by Keeper");
                        assertThat(f.parentUid()).contains(sub);
                    });
            Secret created = ours.getSecrets(List.of(keeperRecord)).records().getFirst();
            assertThat(created.data().firstValue("login", null)).contains("kuser");
            assertThat(created.innerFolderUid()).contains(keeperFolder);
        }
    }

    /**
     * Keeper's documented hook for a custom transport: re-seal the SDK's transmission key to the Castellan server key,
     * re-sign {@code sealedKey ‖ body} with the device key from the storage, and POST as the SDK would.
     */
    private Function3<String, TransmissionKey, EncryptedPayload, KeeperHttpResponse> adapter(KeyValueStorage storage)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(TlsTrust.pinned(server.fingerprint()).sslContext()).build();
        return (url, transmissionKey, payload) -> {
            byte[] sealed = Ecies.seal(server.currentServerKey(), transmissionKey.getKey());
            byte[] signed = new byte[sealed.length + payload.getPayload().length];
            System.arraycopy(sealed, 0, signed, 0, sealed.length);
            System.arraycopy(payload.getPayload(), 0, signed, sealed.length, payload.getPayload().length);
            byte[] signature = Signatures.signDer(EcKeys.privateKeyFromPkcs8(storage.getBytes("privateKey")), signed);
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("PublicKeyId", Integer.toString(server.currentKeyId()))
                        .header("TransmissionKey", Base64s.encode(sealed))
                        .header("Authorization", "Signature " + Base64s.encode(signature))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(payload.getPayload())).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                return new KeeperHttpResponse(response.statusCode(), response.body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
