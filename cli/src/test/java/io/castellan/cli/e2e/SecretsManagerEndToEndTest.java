package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.Signatures;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.sdk.Secret;
import io.castellan.sdk.Secrets;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.SecretsManagerOptions;
import io.castellan.sdk.TransactionType;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.ConfigSources;
import io.castellan.sdk.config.InMemoryConfigStorage;
import io.castellan.sdk.transport.TlsTrust;
import io.castellan.testkit.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Secrets Manager end to end: a real server process ({@link ServerProcess}) on a real store; the real CLI
 * ({@code Main.commandLine()}, in this JVM) makes the vault records, the application, its grants and its devices; the
 * devices are Castellan's Java SDK ({@code io.castellan.sdk}: from a one-time token with the certificate pinned, and
 * from a {@code --config-init} configuration with the server's certificate as CA file) and the unmodified Keeper Java
 * SDK 17.0.0 (through its {@code queryFunction} hook, docs/ksm-compatibility.md), all over HTTPS to
 * {@code 127.0.0.1:PORT}. What a device changes, the CLI shows; what the CLI takes away (a device, a grant, the
 * application), the devices lose on their next call. The steps run in order and share state; after a failed step the
 * rest are skipped.
 *
 * <p>Subclasses choose the store: {@link SqliteSecretsManagerEndToEndTest}, {@link PostgresSecretsManagerEndToEndTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
@ExtendWith(SecretsManagerEndToEndTest.StopAfterFailure.class)
abstract class SecretsManagerEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin@sm-e2e.example";
    private static final String APP = "payments e2e";

    private Path dir;
    private Path dataDir;
    private Path logFile;
    private Path config;
    private Path adminPw;
    private String dbUrl;
    private ServerProcess server;
    private boolean failed;

    private String hostName;
    private String appUid;
    private String sharedFolderUid;
    /** pamUser at the root, granted directly and editable: the device rotates it. */
    private String pamUid;
    private String pamPassword;
    /** login record in the shared folder, granted through the folder (read-only). */
    private String webUid;
    private String webPassword;
    /** login record at the root, granted directly and read-only; its grant is taken back later. */
    private String apiUid;
    private String apiPassword;

    private SecretsManager tokenDevice;
    private SecretsManager configDevice;
    private KeeperDevice keeperDevice;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** @return the JDBC URL of a fresh PostgreSQL database, or {@code null} for the embedded SQLite store */
    protected abstract String createDatabase();

    /** Drops what {@link #createDatabase()} made. */
    protected abstract void dropDatabase();

    // ---------------------------------------------------------------------------------------------------------------
    // Lifecycle

    @BeforeAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void prepare() throws Exception {
        dir = Files.createTempDirectory("castellan-sm-e2e-");
        dataDir = dir.resolve("server/data");
        logFile = dir.resolve("server/server.log");
        config = dir.resolve("devices/admin/config.json");
        Files.createDirectories(config.getParent());
        adminPw = Files.writeString(Files.createDirectories(dir.resolve("secrets")).resolve("admin.pw"),
                "admin master password " + ScenarioFiles.random(12) + "\n");
        dbUrl = createDatabase();
    }

    @AfterAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void cleanUp() throws Exception {
        try {
            for (AutoCloseable c : toClose) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort
                }
            }
            if (server != null) {
                server.close();
            }
        } finally {
            try {
                dropDatabase();
            } finally {
                if (failed) {
                    System.err.println("castellan sm e2e: kept " + dir + " for inspection (server log: " + logFile
                            + ")");
                } else if (dir != null) {
                    ScenarioFiles.deleteTree(dir);
                }
            }
        }
    }

    @BeforeEach
    void skipAfterAFailedStep() {
        assumeTrue(!failed, "an earlier step failed; see its report");
    }

    /** Marks the class failed, so later steps are skipped instead of failing for an unrelated reason. */
    static final class StopAfterFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            context.getTestInstance().ifPresent(i -> ((SecretsManagerEndToEndTest) i).failed = true);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The scenario

    @Test
    @Order(1)
    void theCliMakesRecordsAnApplicationAndItsGrants() throws Exception {
        server = ScenarioServer.initAdminAndStart(dataDir, dbUrl, ADMIN, adminPw, logFile);
        hostName = "127.0.0.1:" + server.port();
        ok("login", ADMIN, "--server", server.url(), "--password-file", adminPw.toString());

        sharedFolderUid = ok("mkdir", "-sf", "Payments").out().strip();
        pamPassword = "pamPw-" + ScenarioFiles.random(16);
        pamUid = ok("record-add", "-rt", "pamUser", "-t", "payments db admin", "login=dbadmin",
                "password=" + pamPassword).out().strip();
        webPassword = "webPw-" + ScenarioFiles.random(16);
        webUid = ok("record-add", "-rt", "login", "-t", "payments web", "--folder", "Payments", "login=web",
                "password=" + webPassword, "url=https://pay.e2e.example/").out().strip();
        apiPassword = "apiPw-" + ScenarioFiles.random(16);
        apiUid = ok("record-add", "-rt", "login", "-t", "payments api key", "login=api",
                "password=" + apiPassword).out().strip();
        assertThat(List.of(sharedFolderUid, pamUid, webUid, apiUid)).allSatisfy(u -> assertThat(u).hasSize(22));

        appUid = ok("secrets-manager", "app", "create", APP).out().strip();
        assertThat(appUid).hasSize(22);
        assertThat(ok("secrets-manager", "share", "add", "--app", APP, "--secret", pamUid, "--editable").out())
                .isEqualTo("Granted record payments db admin (" + pamUid + ") to application " + APP
                        + ", editable.\n");
        assertThat(ok("secrets-manager", "share", "add", "--app", APP, "--secret", "Payments", "--secret", apiUid)
                .out()).contains("Granted folder /Payments (" + sharedFolderUid + ")", ", read-only.",
                "Granted record payments api key (" + apiUid + ")");

        JsonNode app = json("secrets-manager", "app", "get", APP);
        assertThat(app.path("uid").asText()).isEqualTo(appUid);
        assertThat(app.path("grants")).hasSize(3);
        assertThat(app.path("clients")).isEmpty();
    }

    @Test
    @Order(2)
    void theSdkBindsFromTheCliTokenWithThePinnedCertificateAndReadsByNotation() throws Exception {
        Result added = ok("secrets-manager", "client", "add", "--app", APP, "--name", "d1");
        String token = added.out().strip();
        assertThat(token).matches("127\\.0\\.0\\.1:[A-Za-z0-9_-]{43}");
        assertThat(added.err()).contains(hostName, "serverPublicKeyId");
        // The token's host has no port: the SDK gets the server from its hostName option.
        tokenDevice = track(SecretsManager.initialize(token, SecretsManagerOptions.builder().hostName(hostName)
                .tls(TlsTrust.pinned(server.fingerprint())).build()));
        assertThat(tokenDevice.isBound()).isFalse();

        Secrets secrets = tokenDevice.getSecrets();
        assertThat(tokenDevice.isBound()).isTrue();
        assertThat(secrets.appTitle()).isEqualTo(APP);
        assertThat(secrets.records()).extracting(Secret::uid).containsExactlyInAnyOrder(pamUid, webUid, apiUid);
        assertThat(tokenDevice.getNotationValue("keeper://" + pamUid + "/field/password")).isEqualTo(pamPassword);
        assertThat(tokenDevice.getNotationValue("keeper://" + webUid + "/field/password")).isEqualTo(webPassword);
        assertThat(tokenDevice.getNotationValue("keeper://" + apiUid + "/field/login")).isEqualTo("api");
        Secret web = secrets.record(webUid).orElseThrow();
        assertThat(web.folderUid()).contains(sharedFolderUid);
        assertThat(web.isEditable()).isFalse();
        assertThat(secrets.record(pamUid).orElseThrow().isEditable()).isTrue();
        assertThat(secrets.record(apiUid).orElseThrow().isEditable()).isFalse();

        JsonNode clients = json("secrets-manager", "client", "list", "--app", APP);
        assertThat(clients).singleElement().satisfies(c -> {
            assertThat(c.path("name").asText()).isEqualTo("d1");
            assertThat(c.path("bound").asBoolean()).isTrue();
            assertThat(c.path("lockedIp").asText()).isEqualTo("127.0.0.1");
        });
    }

    @Test
    @Order(3)
    void aRotationTransactionIsPendingUntilFinalizedThenTheCliShowsTheNewPassword() throws Exception {
        Secret pam = tokenDevice.getSecrets().record(pamUid).orElseThrow();
        long revision = pam.revision();
        String rotated = "rotatedPw-" + ScenarioFiles.random(16);
        pam.data().setFieldValue("password", null, rotated);
        tokenDevice.updateSecret(pam, TransactionType.ROTATION);

        // pending: neither the device nor the vault sees it yet
        assertThat(tokenDevice.getNotationValue("keeper://" + pamUid + "/field/password")).isEqualTo(pamPassword);
        assertThat(ok("get", pamUid, "--unmask").out()).contains(pamPassword).doesNotContain(rotated);

        tokenDevice.completeTransaction(pamUid, false);
        Secret after = tokenDevice.getSecrets().record(pamUid).orElseThrow();
        assertThat(after.password()).contains(rotated);
        assertThat(after.revision()).isGreaterThan(revision);
        assertThat(ok("get", pamUid, "--unmask").out()).contains(rotated).doesNotContain(pamPassword);
        assertThat(ok("record-history", pamUid).out()).contains("(current)");
        pamPassword = rotated;

        // read-only grants stay read-only
        Secret web = tokenDevice.getSecrets().record(webUid).orElseThrow();
        web.data().setFieldValue("password", null, "not allowed");
        assertThatThrownBy(() -> tokenDevice.updateSecret(web))
                .isInstanceOf(CastellanException.class).hasMessageContaining("HTTP 403")
                .hasMessageContaining("access_denied");
        assertThat(ok("get", webUid, "--unmask").out()).contains(webPassword);
    }

    @Test
    @Order(4)
    void theSdkAlsoWorksFromTheConfigInitConfigurationTrustingTheServerCertificateAsCa() throws Exception {
        Result added = ok("secrets-manager", "client", "add", "--app", APP, "--name", "d2", "--config-init", "json");
        JsonNode printed = JSON.readTree(added.out());
        assertThat(printed.path("hostname").asText()).isEqualTo(hostName);
        assertThat(printed.path("serverPublicKey").asText()).isNotBlank();
        assertThat(printed.path("appKey").isMissingNode()).as("not bound yet").isTrue();

        ClientConfig config = ConfigSources.fromText(added.out());
        InMemoryConfigStorage storage = new InMemoryConfigStorage();
        configDevice = track(SecretsManager.fromConfig(config, SecretsManagerOptions.builder()
                .tls(TlsTrust.caFile(dataDir.resolve("tls/server.crt"))).storage(storage).build()));
        assertThat(configDevice.getNotationValue("keeper://" + pamUid + "/field/password")).isEqualTo(pamPassword);
        assertThat(configDevice.getSecrets().records()).extracting(Secret::uid)
                .containsExactlyInAnyOrder(pamUid, webUid, apiUid);
        assertThat(configDevice.isBound()).isTrue();
        assertThat(storage.load().orElseThrow().isBound()).as("the binding was saved").isTrue();
        assertThat(storage.load().orElseThrow().get(ClientConfig.CLIENT_KEY)).as("the one-time key is gone")
                .isEmpty();
    }

    @Test
    @Order(5)
    void theUnmodifiedKeeperJavaSdkBindsFromACliTokenReadsAndUpdates() throws Exception {
        String token = ok("secrets-manager", "client", "add", "--app", APP, "--name", "keeper").out().strip();
        String key = token.substring(token.indexOf(':') + 1);
        keeperDevice = track(KeeperDevice.bind(key, hostName, serverKey(), dataDir.resolve("tls/server.crt")));

        assertThat(keeperDevice.password(pamUid)).isEqualTo(pamPassword);
        assertThat(keeperDevice.password(webUid)).isEqualTo(webPassword);
        assertThat(keeperDevice.folderOf(webUid)).isEqualTo(sharedFolderUid);
        assertThat(keeperDevice.appTitle()).isEqualTo(APP);

        String fromKeeper = "keeperPw-" + ScenarioFiles.random(16);
        keeperDevice.updatePassword(pamUid, fromKeeper);
        assertThat(ok("get", pamUid, "--unmask").out()).contains(fromKeeper).doesNotContain(pamPassword);
        pamPassword = fromKeeper;
        assertThat(tokenDevice.getNotationValue("keeper://" + pamUid + "/field/password")).isEqualTo(fromKeeper);
    }

    @Test
    @Order(6)
    void aRemovedClientIsDeniedFromItsNextCallWhileTheOthersWork() throws Exception {
        assertThat(ok("secrets-manager", "client", "remove", "--app", APP, "--client", "d1").out()).contains("d1");
        assertThatThrownBy(() -> tokenDevice.getSecrets())
                .isInstanceOfSatisfying(CastellanException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                    assertThat(e.getMessage()).contains("HTTP 403", "access_denied");
                });
        assertThat(configDevice.getSecrets().records()).hasSize(3);
        assertThat(keeperDevice.recordUids()).containsExactlyInAnyOrder(pamUid, webUid, apiUid);
        assertThat(json("secrets-manager", "client", "list", "--app", APP)).extracting(c -> c.path("name").asText())
                .containsExactlyInAnyOrder("d2", "keeper");
    }

    @Test
    @Order(7)
    void aRemovedGrantDisappearsFromTheDevicesNextCall() throws Exception {
        assertThat(configDevice.getSecrets().record(apiUid)).isPresent();
        ok("secrets-manager", "share", "remove", "--app", APP, "--secret", apiUid);
        Secrets after = configDevice.getSecrets();
        assertThat(after.records()).extracting(Secret::uid).containsExactlyInAnyOrder(pamUid, webUid);
        assertThat(keeperDevice.recordUids()).containsExactlyInAnyOrder(pamUid, webUid);
        assertThatThrownBy(() -> configDevice.getNotationValue("keeper://" + apiUid + "/field/password"))
                .isInstanceOf(CastellanException.class);
        assertThat(ok("get", apiUid, "--unmask").out()).as("the vault keeps the record").contains(apiPassword);
    }

    @Test
    @Order(8)
    void removingTheApplicationDeniesEveryDevice() throws Exception {
        assertThat(ok("secrets-manager", "app", "remove", APP).out()).startsWith("Removed application " + APP);
        assertThatThrownBy(() -> configDevice.getSecrets())
                .isInstanceOfSatisfying(CastellanException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                    assertThat(e.getMessage()).contains("HTTP 403", "access_denied");
                });
        assertThatThrownBy(() -> tokenDevice.getSecrets()).isInstanceOf(CastellanException.class);
        assertThatThrownBy(() -> keeperDevice.recordUids()).hasMessageContaining("\"error\":\"access_denied\"");
        assertThat(ok("secrets-manager", "app", "list").out()).doesNotContain(APP);
        assertThat(ok("get", pamUid, "--unmask").out()).as("the vault keeps the records").contains(pamPassword);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    /** The server's current transmission key from {@code /.well-known/castellan/server-keys} (pinned TLS). */
    private ServerKey serverKey() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(TlsTrust.pinned(server.fingerprint()).sslContext())
                .build();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.url()
                + "/.well-known/castellan/server-keys")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode newest = null;
        for (JsonNode k : JSON.readTree(answer.body()).path("keys")) {
            if (newest == null || k.path("keyId").asInt() > newest.path("keyId").asInt()) {
                newest = k;
            }
        }
        assertThat(newest).as("the server lists a key").isNotNull();
        return new ServerKey(newest.path("keyId").asInt(), Base64s.decodeWebSafe(newest.path("publicKey").asText()));
    }

    /** A server transmission key: id and raw P-256 point. */
    record ServerKey(int keyId, byte[] publicKey) {
    }

    private <T extends AutoCloseable> T track(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    private Result ok(String... args) {
        Result r = run(args);
        if (r.exit() != 0) {
            throw new AssertionError("castellan " + String.join(" ", args) + " exited " + r.exit() + ": " + r.err());
        }
        return r;
    }

    private JsonNode json(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--format", "json"));
        return JSON.readTree(ok(all.toArray(String[]::new)).out());
    }

    /**
     * A device running Keeper's unmodified Java SDK 17.0.0. J17.0 seals transmission keys only to Keeper's own server
     * keys, so its {@code queryFunction} hook re-seals each one to Castellan's key and re-signs the request with the
     * device key the SDK keeps in its storage (the adapter of docs/ksm-compatibility.md); everything else is the SDK's
     * own code. Its HTTPS goes through the JVM's default {@code HttpsURLConnection} trust, pointed at the server's
     * certificate while this device lives (certificate and host name verified).
     */
    static final class KeeperDevice implements AutoCloseable {

        private final com.keepersecurity.secretsManager.core.SecretsManagerOptions options;
        private final SSLSocketFactory previousFactory;

        private KeeperDevice(com.keepersecurity.secretsManager.core.SecretsManagerOptions options,
                SSLSocketFactory previousFactory) {
            this.options = options;
            this.previousFactory = previousFactory;
        }

        static KeeperDevice bind(String tokenKey, String hostName, ServerKey serverKey, Path certificate)
                throws Exception {
            SSLSocketFactory previous = HttpsURLConnection.getDefaultSSLSocketFactory();
            HttpsURLConnection.setDefaultSSLSocketFactory(trusting(certificate).getSocketFactory());
            var storage = new com.keepersecurity.secretsManager.core.InMemoryStorage();
            com.keepersecurity.secretsManager.core.SecretsManager.initializeStorage(storage, tokenKey, hostName);
            var options = new com.keepersecurity.secretsManager.core.SecretsManagerOptions(storage,
                    (url, tk, payload) -> {
                        byte[] sealed = Ecies.seal(serverKey.publicKey(), tk.getKey());
                        byte[] signed = new byte[sealed.length + payload.getPayload().length];
                        System.arraycopy(sealed, 0, signed, 0, sealed.length);
                        System.arraycopy(payload.getPayload(), 0, signed, sealed.length, payload.getPayload().length);
                        byte[] signature = Signatures.signDer(EcKeys.privateKeyFromPkcs8(storage.getBytes(
                                "privateKey")), signed);
                        return com.keepersecurity.secretsManager.core.SecretsManager.postFunction(url,
                                new com.keepersecurity.secretsManager.core.TransmissionKey(serverKey.keyId(),
                                        tk.getKey(), sealed),
                                new com.keepersecurity.secretsManager.core.EncryptedPayload(payload.getPayload(),
                                        signature), false);
                    });
            return new KeeperDevice(options, previous);
        }

        private com.keepersecurity.secretsManager.core.KeeperSecrets secrets() {
            return com.keepersecurity.secretsManager.core.SecretsManager.getSecrets(options);
        }

        private com.keepersecurity.secretsManager.core.KeeperRecord record(String uid) {
            return secrets().getRecords().stream().filter(r -> r.getRecordUid().equals(uid)).findFirst()
                    .orElseThrow(() -> new AssertionError("the Keeper SDK does not see " + uid));
        }

        String appTitle() {
            return secrets().getAppData().getTitle();
        }

        String password(String uid) {
            return record(uid).getPassword();
        }

        String folderOf(String uid) {
            return record(uid).getFolderUid();
        }

        List<String> recordUids() {
            return secrets().getRecords().stream()
                    .map(com.keepersecurity.secretsManager.core.KeeperRecord::getRecordUid).toList();
        }

        void updatePassword(String uid, String password) {
            var record = record(uid);
            record.updatePassword(password);
            com.keepersecurity.secretsManager.core.SecretsManager.updateSecret(options, record,
                    com.keepersecurity.secretsManager.core.UpdateTransactionType.GENERAL);
        }

        @Override
        public void close() {
            HttpsURLConnection.setDefaultSSLSocketFactory(previousFactory);
        }

        private static SSLContext trusting(Path certificateFile) throws Exception {
            X509Certificate certificate;
            try (InputStream in = Files.newInputStream(certificateFile)) {
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
}
