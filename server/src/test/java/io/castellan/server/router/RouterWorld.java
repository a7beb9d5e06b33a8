package io.castellan.server.router;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.DeviceIds;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Uids;
import io.castellan.gateway.router.Backoff;
import io.castellan.gateway.router.RouterClient;
import io.castellan.gateway.router.RouterClientOptions;
import io.castellan.gateway.router.RouterClientSettings;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.SecretsManagerOptions;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.InMemoryConfigStorage;
import io.castellan.sdk.transport.TlsTrust;
import io.castellan.server.ApiTestServer;
import io.castellan.server.ServerConfig;
import io.castellan.server.TestAccount;
import io.castellan.server.TestApiClient;
import io.castellan.server.tls.Fingerprints;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;

/**
 * A real server with an administrator, an application, and gateways added through the user API and bound through
 * the real SDK (a first get_secret binds a fresh device key), as {@code pam gateway new} and {@code ott-init} do.
 * Every frame any test gateway sends or receives is kept in {@link #frames}.
 */
final class RouterWorld implements AutoCloseable {

    static final Duration HEARTBEAT = Duration.ofMillis(300);
    static final RouterClientOptions.FrameTap NO_TAP = RouterClientOptions.FrameTap.NONE;

    final Path dataDir;
    final TestAccount alice = TestAccount.create("alice@example.com", "Alice-Pa55word!");
    final Queue<String> frames = new ConcurrentLinkedQueue<>();
    ApiTestServer api;
    String session;
    String appUid;
    byte[] appKey;
    private final UnaryOperator<ServerConfig.Builder> more;

    /** A gateway: its UID, its bound configuration, and what a RouterClient needs. */
    record Gateway(String uid, String name, ClientConfig config, ECPrivateKey key) {
        String clientId() {
            return config.require(ClientConfig.CLIENT_ID);
        }
    }

    record VaultRecord(String uid, byte[] recordKey) {
    }

    private RouterWorld(Path dataDir, UnaryOperator<ServerConfig.Builder> more) throws Exception {
        this.dataDir = dataDir;
        this.more = more;
        api = ApiTestServer.start(dataDir, b -> more.apply(b.gatewayHeartbeat(HEARTBEAT)));
        session = api.admin(alice);
        appUid = Uids.newUid();
        appKey = CastellanRandom.bytes(32);
        api.client.ok("app_create", session, TestApiClient.object().put("uid", appUid)
                .put("data", Base64s.encode(Aes256Gcm.encrypt(appKey, utf8("{\"title\":\"ops\",\"type\":\"app\"}"))))
                .put("appKey", Base64s.encode(Aes256Gcm.encrypt(alice.dataKey, appKey))));
    }

    static RouterWorld start(Path dataDir) throws Exception {
        return new RouterWorld(dataDir, UnaryOperator.identity());
    }

    static RouterWorld start(Path dataDir, UnaryOperator<ServerConfig.Builder> more) throws Exception {
        return new RouterWorld(dataDir, more);
    }

    /** Stops the server and starts it again on the same port and data (a server restart). */
    void restart() throws Exception {
        startAgain(stopServer());
    }

    /** Stops the server; returns its port. */
    int stopServer() {
        int port = api.server.port();
        api.close();
        return port;
    }

    /** Starts the server again on {@code port} with the same data. */
    void startAgain(int port) throws Exception {
        api = ApiTestServer.start(dataDir, b -> more.apply(b.gatewayHeartbeat(HEARTBEAT)).listen("127.0.0.1:" + port));
        session = api.login(alice);
    }

    String base() {
        return "https://localhost:" + api.server.port();
    }

    String fingerprint() throws Exception {
        try (InputStream in = Files.newInputStream(dataDir.resolve("tls/server.crt"))) {
            return Fingerprints.sha256((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
    }

    ObjectNode ok(String command, ObjectNode body) {
        return api.client.ok(command, session, body);
    }

    TestApiClient.Reply call(String command, ObjectNode body) {
        return api.client.call(command, session, body);
    }

    /** Adds a gateway through gateway_add and binds it with the SDK. */
    Gateway addGateway(String name) throws Exception {
        byte[] clientKey = CastellanRandom.bytes(32);
        String uid = ok("gateway_add", TestApiClient.object().put("appUid", appUid)
                .put("clientId", DeviceIds.clientId(clientKey))
                .put("encryptedAppKey", Base64s.encode(Aes256Gcm.encrypt(clientKey, appKey)))
                .put("name", name)).get("gatewayUid").asText();
        SecretsManagerOptions options = SecretsManagerOptions.builder()
                .hostName("localhost:" + api.server.port())
                .tls(TlsTrust.pinned(fingerprint()))
                .storage(new InMemoryConfigStorage())
                .build();
        try (SecretsManager sm = SecretsManager.initialize(Base64s.encodeWebSafe(clientKey), options)) {
            sm.getSecrets();
            ClientConfig config = sm.config();
            ECPrivateKey key = EcKeys.privateKeyFromPkcs8(Base64s.decode(config.require(ClientConfig.PRIVATE_KEY)));
            return new Gateway(uid, name, config, key);
        }
    }

    /** Reads records as the gateway would (through the Secrets Manager API, never through the Router). */
    SecretsManager secretsManager(Gateway g) throws Exception {
        SecretsManagerOptions options = SecretsManagerOptions.builder()
                .hostName("localhost:" + api.server.port())
                .tls(TlsTrust.pinned(fingerprint()))
                .storage(new InMemoryConfigStorage())
                .build();
        return SecretsManager.fromConfig(g.config(), options);
    }

    RouterClientSettings settings(Gateway g) throws Exception {
        return settings(g, g.key());
    }

    RouterClientSettings settings(Gateway g, ECPrivateKey key) throws Exception {
        return new RouterClientSettings(URI.create(base()), TlsTrust.pinned(fingerprint()).sslContext(),
                g.clientId(), key, "test-gateway/1.0", Instant.now(), List.of("noop", "gateway-info"));
    }

    RouterClientOptions options() {
        return new RouterClientOptions(new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)),
                Duration.ofSeconds(5), 100, (outbound, text) -> frames.add(text));
    }

    RouterClient connect(Gateway g, TestSink sink) throws Exception {
        RouterClient client = new RouterClient(settings(g), sink, options());
        client.start();
        return client;
    }

    /** A record of alice's holding {@code json}, granted to the application. */
    VaultRecord grantedRecord(String json) {
        VaultRecord record = new VaultRecord(Uids.newUid(), CastellanRandom.bytes(32));
        ok("record_add", TestApiClient.object().put("uid", record.uid())
                .put("data", Base64s.encode(Aes256Gcm.encrypt(record.recordKey(), utf8(json))))
                .put("recordKey", Base64s.encode(Aes256Gcm.encrypt(alice.dataKey, record.recordKey())))
                .put("keyType", "data_key"));
        ok("app_grant_add", TestApiClient.object().put("appUid", appUid).put("subjectUid", record.uid())
                .put("kind", "record").put("key", Base64s.encode(Aes256Gcm.encrypt(appKey, record.recordKey())))
                .put("editable", false));
        return record;
    }

    long count(String table, String where, Object... args) {
        return api.store().read(h -> {
            var query = h.createQuery("SELECT COUNT(*) FROM " + table + (where.isEmpty() ? "" : " WHERE " + where));
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            return query.mapTo(Long.class).one();
        });
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        api.close();
    }
}
