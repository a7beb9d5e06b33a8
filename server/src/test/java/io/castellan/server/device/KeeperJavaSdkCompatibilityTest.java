package io.castellan.server.device;

import static io.castellan.server.device.SmWorld.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.keepersecurity.secretsManager.core.CreateOptions;
import com.keepersecurity.secretsManager.core.EncryptedPayload;
import com.keepersecurity.secretsManager.core.InMemoryStorage;
import com.keepersecurity.secretsManager.core.KeeperFile;
import com.keepersecurity.secretsManager.core.KeeperFileUpload;
import com.keepersecurity.secretsManager.core.KeeperFolder;
import com.keepersecurity.secretsManager.core.KeeperHttpResponse;
import com.keepersecurity.secretsManager.core.KeeperRecord;
import com.keepersecurity.secretsManager.core.KeeperRecordData;
import com.keepersecurity.secretsManager.core.KeeperRecordField;
import com.keepersecurity.secretsManager.core.KeeperSecrets;
import com.keepersecurity.secretsManager.core.Login;
import com.keepersecurity.secretsManager.core.Password;
import com.keepersecurity.secretsManager.core.SecretsManager;
import com.keepersecurity.secretsManager.core.SecretsManagerDeleteResponse;
import com.keepersecurity.secretsManager.core.SecretsManagerOptions;
import com.keepersecurity.secretsManager.core.TransmissionKey;
import com.keepersecurity.secretsManager.core.UpdateTransactionType;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.Signatures;
import io.castellan.server.device.SmWorld.App;
import io.castellan.server.device.SmWorld.VaultFolder;
import io.castellan.server.device.SmWorld.VaultRecord;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import kotlin.jvm.functions.Function3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeper's own Java SDK ({@code com.keepersecurity.secrets-manager:core:17.0.0}, unmodified, from Maven Central)
 * against the real server, through its {@code queryFunction} hook (J17.0 hard-codes Keeper's server keys, so the hook
 * re-seals each transmission key to Castellan's key and re-signs; docs/ksm-compatibility.md). Everything else is the
 * SDK's own code: binding from the one-time token, strict decoding of the answers, record and folder crypto, CBC
 * sub-folders, the rotation transaction, and file upload and download over plain HTTPS.
 */
@Timeout(90)
class KeeperJavaSdkCompatibilityTest {

    @TempDir
    Path dataDir;

    SmWorld world;
    SSLSocketFactory previousFactory;

    @BeforeEach
    void start() throws Exception {
        world = SmWorld.start(dataDir, b -> b);
        // J17.0 uploads and downloads files with the JVM's default HTTPS trust: make it trust this server only
        previousFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
        HttpsURLConnection.setDefaultSSLSocketFactory(trustingServer(dataDir).getSocketFactory());
    }

    @AfterEach
    void stop() {
        HttpsURLConnection.setDefaultSSLSocketFactory(previousFactory);
        world.close();
    }

    /** The queryFunction adapter: re-seal the SDK's transmission key to Castellan's key and re-sign. */
    static Function3<String, TransmissionKey, EncryptedPayload, KeeperHttpResponse> adapter(
            io.castellan.server.keys.TransmissionKey serverKey, InMemoryStorage storage) {
        return (url, tk, payload) -> {
            byte[] sealed = Ecies.seal(serverKey.publicKeyRaw(), tk.getKey());
            byte[] signed = new byte[sealed.length + payload.getPayload().length];
            System.arraycopy(sealed, 0, signed, 0, sealed.length);
            System.arraycopy(payload.getPayload(), 0, signed, sealed.length, payload.getPayload().length);
            byte[] signature = Signatures.signDer(EcKeys.privateKeyFromPkcs8(storage.getBytes("privateKey")), signed);
            return SecretsManager.postFunction(url, new TransmissionKey(serverKey.keyId(), tk.getKey(), sealed),
                    new EncryptedPayload(payload.getPayload(), signature), true);
        };
    }

    @Test
    void theUnmodifiedJavaSdkBindsReadsUpdatesRotatesCreatesFilesAndDeletes() throws Exception {
        App app = world.createApp(world.aliceSession, world.alice, "Keeper SDK");
        VaultRecord direct = world.addRecord(world.aliceSession, world.alice, "{\"title\":\"db\",\"type\":\"login\","
                + "\"fields\":[{\"type\":\"login\",\"value\":[\"admin\"]},{\"type\":\"password\",\"value\":"
                + "[\"s3cret\"]},{\"type\":\"fileRef\",\"value\":[]}],\"custom\":[],\"notes\":\"\"}");
        // (J17.0's uploadFile fails client-side on a record without a fileRef field: give it an empty one)
        VaultFolder folder = world.addSharedFolder(world.aliceSession, world.alice, "Prod");
        VaultRecord inFolder = world.addRecordIn(world.aliceSession, folder, "{\"title\":\"web\",\"type\":\"login\","
                + "\"fields\":[{\"type\":\"password\",\"value\":[\"w3b\"]}],\"custom\":[]}");
        world.grantRecord(world.aliceSession, app, direct, true);
        world.grantFolder(world.aliceSession, app, folder, "Prod", true);
        TestDevice token = world.addDevice(world.aliceSession, app, "keeper-java", true);

        InMemoryStorage storage = new InMemoryStorage();
        SecretsManager.initializeStorage(storage, Base64s.encodeWebSafe(token.clientKey),
                "localhost:" + world.api.server.port());
        SecretsManagerOptions options = new SecretsManagerOptions(storage,
                adapter(world.api.server.transmissionKeys().current(), storage));

        KeeperSecrets secrets = SecretsManager.getSecrets(options);
        assertThat(secrets.getAppData().getTitle()).isEqualTo("Keeper SDK");
        assertThat(storage.getBytes("appKey")).isEqualTo(app.appKey());
        assertThat(storage.getString("clientKey")).isNull();
        KeeperRecord db = record(secrets, direct.uid());
        assertThat(db.getPassword()).isEqualTo("s3cret");
        KeeperRecord web = record(secrets, inFolder.uid());
        assertThat(web.getPassword()).isEqualTo("w3b");
        assertThat(web.getFolderUid()).isEqualTo(folder.uid());

        db.updatePassword("n3w");
        SecretsManager.updateSecret(options, db, UpdateTransactionType.GENERAL);
        assertThat(record(SecretsManager.getSecrets(options), direct.uid()).getPassword()).isEqualTo("n3w");

        KeeperRecord fresh = record(SecretsManager.getSecrets(options), direct.uid());
        fresh.updatePassword("rotated");
        SecretsManager.updateSecret(options, fresh, UpdateTransactionType.ROTATION);
        assertThat(record(SecretsManager.getSecrets(options), direct.uid()).getPassword()).isEqualTo("n3w");
        SecretsManager.completeTransaction(options, direct.uid(), false);
        assertThat(record(SecretsManager.getSecrets(options), direct.uid()).getPassword()).isEqualTo("rotated");

        List<KeeperFolder> folders = SecretsManager.getFolders(options);
        assertThat(folders).extracting(KeeperFolder::getName).containsExactly("Prod");
        String sub = SecretsManager.createFolder(options, new CreateOptions(folder.uid()), "Inner", folders);
        folders = SecretsManager.getFolders(options);
        assertThat(folders).extracting(KeeperFolder::getName).containsExactlyInAnyOrder("Prod", "Inner");
        SecretsManager.updateFolder(options, sub, "Renamed", folders);
        folders = SecretsManager.getFolders(options);
        KeeperFolder inner = folders.stream().filter(f -> f.getFolderUid().equals(sub)).findFirst().orElseThrow();
        assertThat(inner.getName()).isEqualTo("Renamed");
        assertThat(inner.getParentUid()).isEqualTo(folder.uid());

        List<KeeperRecordField> fields = new ArrayList<>();
        fields.add(new Login("svc"));
        fields.add(new Password("made-by-sdk"));
        String created = SecretsManager.createSecret2(options, new CreateOptions(folder.uid(), sub),
                new KeeperRecordData("created", "login", fields), folders);
        KeeperRecord made = record(SecretsManager.getSecrets(options), created);
        assertThat(made.getPassword()).isEqualTo("made-by-sdk");
        assertThat(made.getInnerFolderUid()).isEqualTo(sub);
        assertThat(world.client.ok("record_get", world.aliceSession, json().put("uid", created)).get("keyType")
                .asText()).isEqualTo("folder_key");

        byte[] content = "ssh-ed25519 AAAA... deploy@ci\n".getBytes(StandardCharsets.UTF_8);
        SecretsManager.uploadFile(options, record(SecretsManager.getSecrets(options), direct.uid()),
                new KeeperFileUpload("id.pub", "deploy key", "text/plain", content));
        KeeperRecord withFile = record(SecretsManager.getSecrets(options), direct.uid());
        KeeperFile file = withFile.getFileByName("id.pub");
        assertThat(file).isNotNull();
        assertThat(file.getUrl()).startsWith("https://localhost:" + world.api.server.port() + "/api/rest/sm/v1/");
        assertThat(SecretsManager.downloadFile(file)).isEqualTo(content);
        assertThat(withFile.getPassword()).as("the owner record kept its data").isEqualTo("rotated");

        SecretsManagerDeleteResponse deleted = SecretsManager.deleteSecret(options, List.of(created));
        assertThat(deleted.getRecords().get(0).getResponseCode()).isEqualTo("ok");
        assertThat(record(SecretsManager.getSecrets(options), created)).isNull();

        // Castellan's refusals reach the SDK as its exception text, in Keeper's shape
        world.client.ok("app_grant_remove", world.aliceSession, json().put("appUid", app.uid())
                .put("subjectUid", direct.uid()));
        withFile.updatePassword("not allowed");
        assertThatThrownBy(() -> SecretsManager.updateSecret(options, withFile, UpdateTransactionType.GENERAL))
                .hasMessageContaining("\"error\":\"access_denied\"")
                .hasMessageContaining("\"location\":\"castellan device api\"");
    }

    static KeeperRecord record(KeeperSecrets secrets, String uid) {
        return secrets.getRecords().stream().filter(r -> r.getRecordUid().equals(uid)).findFirst().orElse(null);
    }

    static SSLContext trustingServer(Path dataDir) throws Exception {
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(dataDir.resolve("tls/server.crt"))) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("castellan", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
