package io.castellan.server.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Cbc;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.DeviceIds;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.Uids;
import io.castellan.server.ApiTestServer;
import io.castellan.server.ServerConfig;
import io.castellan.server.TestAccount;
import io.castellan.server.TestApiClient;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.util.function.UnaryOperator;

/**
 * A running server with an administrator (alice) and a user (bob), and the client-side crypto of docs/api.md for the
 * vault and for Secrets Manager applications: records, shared folders, applications, grants and clients are made
 * through the real user API over HTTPS, with real keys, so a device that reads them proves the whole key chain.
 */
final class SmWorld implements AutoCloseable {

    final ApiTestServer api;
    final TestApiClient client;
    final Path dataDir;
    final TestAccount alice = TestAccount.create("alice@example.com", "Alice-Pa55word!");
    final TestAccount bob = TestAccount.create("bob@example.com", "Bob-Pa55word!");
    final String aliceSession;
    final String bobSession;
    final HttpClient http;
    final String base;

    record VaultRecord(String uid, byte[] recordKey) {
        String decrypt(byte[] data) {
            return new String(Aes256Gcm.decrypt(recordKey, data), StandardCharsets.UTF_8);
        }
    }

    record VaultFolder(String uid, byte[] folderKey) {
    }

    record App(String uid, byte[] appKey) {
    }

    private SmWorld(Path dataDir, UnaryOperator<ServerConfig.Builder> more) throws Exception {
        this.dataDir = dataDir;
        api = ApiTestServer.start(dataDir, more);
        client = api.client;
        aliceSession = api.admin(alice);
        bobSession = api.user(aliceSession, bob);
        http = TestDevice.httpClient(dataDir, null);
        base = "https://localhost:" + api.server.port();
    }

    static SmWorld start(Path dataDir, UnaryOperator<ServerConfig.Builder> more) throws Exception {
        return new SmWorld(dataDir, more);
    }

    static ObjectNode json() {
        return TestApiClient.object();
    }

    static String b64(byte[] bytes) {
        return Base64s.encode(bytes);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ECPrivateKey privateKey(TestAccount account) {
        return EcKeys.privateKeyFromPkcs8(Aes256Gcm.decrypt(account.dataKey, account.encryptedPrivateKey));
    }

    /** A record of {@code account}'s, outside folders ({@code data_key}). */
    VaultRecord addRecord(String session, TestAccount account, String json) {
        VaultRecord record = new VaultRecord(Uids.newUid(), CastellanRandom.bytes(32));
        client.ok("record_add", session, json().put("uid", record.uid())
                .put("data", b64(Aes256Gcm.encrypt(record.recordKey(), utf8(json))))
                .put("recordKey", b64(Aes256Gcm.encrypt(account.dataKey, record.recordKey())))
                .put("keyType", "data_key"));
        return record;
    }

    /** A shared folder {@code account} creates (and so manages). */
    VaultFolder addSharedFolder(String session, TestAccount account, String name) {
        VaultFolder folder = new VaultFolder(Uids.newUid(), CastellanRandom.bytes(32));
        client.ok("folder_add", session, json().put("uid", folder.uid()).put("kind", "shared")
                .put("data", b64(Aes256Gcm.encrypt(folder.folderKey(), utf8("{\"name\":\"" + name + "\"}"))))
                .put("folderKey", b64(Aes256Gcm.encrypt(account.dataKey, folder.folderKey())))
                .put("keyType", "data_key"));
        return folder;
    }

    /** A record filed in a shared folder ({@code folder_key}). */
    VaultRecord addRecordIn(String session, VaultFolder folder, String json) {
        VaultRecord record = new VaultRecord(Uids.newUid(), CastellanRandom.bytes(32));
        client.ok("record_add", session, json().put("uid", record.uid())
                .put("data", b64(Aes256Gcm.encrypt(record.recordKey(), utf8(json))))
                .put("recordKey", b64(Aes256Gcm.encrypt(folder.folderKey(), record.recordKey())))
                .put("keyType", "folder_key").put("folderUid", folder.uid()));
        return record;
    }

    App createApp(String session, TestAccount account, String title) {
        App app = new App(Uids.newUid(), CastellanRandom.bytes(32));
        client.ok("app_create", session, json().put("uid", app.uid())
                .put("data", b64(Aes256Gcm.encrypt(app.appKey(), utf8("{\"title\":\"" + title + "\",\"type\":\"app\"}"))))
                .put("appKey", b64(Aes256Gcm.encrypt(account.dataKey, app.appKey()))));
        return app;
    }

    ObjectNode grantRecord(String session, App app, VaultRecord record, boolean editable) {
        return client.ok("app_grant_add", session, json().put("appUid", app.uid()).put("subjectUid", record.uid())
                .put("kind", "record").put("key", b64(Aes256Gcm.encrypt(app.appKey(), record.recordKey())))
                .put("editable", editable));
    }

    ObjectNode grantFolder(String session, App app, VaultFolder folder, String name, boolean editable) {
        return client.ok("app_grant_add", session, json().put("appUid", app.uid()).put("subjectUid", folder.uid())
                .put("kind", "folder").put("key", b64(Aes256Gcm.encrypt(app.appKey(), folder.folderKey())))
                .put("folderData", b64(Aes256Cbc.encrypt(folder.folderKey(), utf8("{\"name\":\"" + name + "\"}"))))
                .put("editable", editable));
    }

    /** The app_client_add request for a new device of {@code app} (one-time token in the device). */
    ObjectNode clientRequest(App app, TestDevice device, String name, boolean lockIp) {
        return json().put("appUid", app.uid()).put("clientId", device.clientId)
                .put("encryptedAppKey", b64(Aes256Gcm.encrypt(device.clientKey, app.appKey())))
                .put("name", name).put("kind", "device").put("lockIp", lockIp);
    }

    /** A new, unbound device of {@code app}, added through the user API. */
    TestDevice addDevice(String session, App app, String name, boolean lockIp) {
        TestDevice device = TestDevice.fresh(base, api.server.transmissionKeys().current(), http);
        client.ok("app_client_add", session, clientRequest(app, device, name, lockIp));
        return device;
    }

    /** An ECIES-sealed copy of {@code key} for {@code account} (sharing an app key). */
    static byte[] sealTo(TestAccount account, byte[] key) {
        return Ecies.seal(account.publicKey, key);
    }

    /** The client id of a token, as the CLI computes it. */
    static String clientIdOf(byte[] clientKey) {
        return DeviceIds.clientId(clientKey);
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

    @Override
    public void close() {
        api.close();
    }
}
