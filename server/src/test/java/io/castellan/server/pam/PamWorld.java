package io.castellan.server.pam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.DeviceIds;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.Uids;
import io.castellan.server.ApiTestServer;
import io.castellan.server.ServerConfig;
import io.castellan.server.TestAccount;
import io.castellan.server.TestApiClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A running server with an administrator (alice) and a user (bob), and the client-side crypto of docs/api.md: shared
 * folders, records, an application with a gateway client, made through the real user API over HTTPS.
 */
final class PamWorld implements AutoCloseable {

    final ApiTestServer api;
    final TestApiClient client;
    final TestAccount alice = TestAccount.create("alice@example.com", "Alice-Pa55word!");
    final TestAccount bob = TestAccount.create("bob@example.com", "Bob-Pa55word!");
    final String aliceSession;
    final String bobSession;

    record Folder(String uid, byte[] folderKey) {
    }

    record Rec(String uid, byte[] recordKey) {
    }

    private PamWorld(Path dataDir, UnaryOperator<ServerConfig.Builder> more) throws Exception {
        api = ApiTestServer.start(dataDir, more);
        client = api.client;
        aliceSession = api.admin(alice);
        bobSession = api.user(aliceSession, bob);
    }

    static PamWorld start(Path dataDir, UnaryOperator<ServerConfig.Builder> more) throws Exception {
        return new PamWorld(dataDir, more);
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

    Folder sharedFolder(String session, TestAccount account) {
        Folder folder = new Folder(Uids.newUid(), CastellanRandom.bytes(32));
        client.ok("folder_add", session, json().put("uid", folder.uid()).put("kind", "shared")
                .put("data", b64(Aes256Gcm.encrypt(folder.folderKey(), utf8("{\"name\":\"PAM\"}"))))
                .put("folderKey", b64(Aes256Gcm.encrypt(account.dataKey, folder.folderKey())))
                .put("keyType", "data_key"));
        return folder;
    }

    Rec recordIn(String session, Folder folder, String type) {
        Rec record = new Rec(Uids.newUid(), CastellanRandom.bytes(32));
        client.ok("record_add", session, json().put("uid", record.uid())
                .put("data", b64(Aes256Gcm.encrypt(record.recordKey(),
                        utf8("{\"title\":\"" + type + "\",\"type\":\"" + type + "\",\"fields\":[]}"))))
                .put("recordKey", b64(Aes256Gcm.encrypt(folder.folderKey(), record.recordKey())))
                .put("keyType", "folder_key").put("folderUid", folder.uid()));
        return record;
    }

    Rec recordOutside(String session, TestAccount account, String type) {
        Rec record = new Rec(Uids.newUid(), CastellanRandom.bytes(32));
        client.ok("record_add", session, json().put("uid", record.uid())
                .put("data", b64(Aes256Gcm.encrypt(record.recordKey(),
                        utf8("{\"title\":\"" + type + "\",\"type\":\"" + type + "\",\"fields\":[]}"))))
                .put("recordKey", b64(Aes256Gcm.encrypt(account.dataKey, record.recordKey())))
                .put("keyType", "data_key"));
        return record;
    }

    /** An application of {@code account}'s with a gateway client; returns the gateway's client id. */
    String gateway(String session, TestAccount account, Folder grantedFolder) {
        String appUid = Uids.newUid();
        byte[] appKey = CastellanRandom.bytes(32);
        client.ok("app_create", session, json().put("uid", appUid)
                .put("data", b64(Aes256Gcm.encrypt(appKey, utf8("{\"title\":\"gw\",\"type\":\"app\"}"))))
                .put("appKey", b64(Aes256Gcm.encrypt(account.dataKey, appKey))));
        if (grantedFolder != null) {
            client.ok("app_grant_add", session, json().put("appUid", appUid).put("subjectUid", grantedFolder.uid())
                    .put("kind", "folder").put("key", b64(Aes256Gcm.encrypt(appKey, grantedFolder.folderKey())))
                    .put("editable", true));
        }
        byte[] clientKey = CastellanRandom.bytes(32);
        String clientId = DeviceIds.clientId(clientKey);
        client.ok("app_client_add", session, json().put("appUid", appUid).put("clientId", clientId)
                .put("encryptedAppKey", b64(Aes256Gcm.encrypt(clientKey, appKey))).put("name", "gw-1")
                .put("kind", "gateway").put("lockIp", false));
        return clientId;
    }

    /** Makes {@code member} a member of {@code folder} with the given edit right (and record management). */
    void addMember(Folder folder, TestAccount member, boolean canEdit) {
        client.ok("folder_member_add", aliceSession, json().put("folderUid", folder.uid()).put("email", member.email)
                .put("folderKey", b64(Ecies.seal(member.publicKey, folder.folderKey())))
                .put("manageRecords", canEdit).put("manageUsers", false).put("canEdit", canEdit)
                .put("canShare", false));
    }

    /** Gives {@code member} the enforcement {@code policy} through a new role. */
    void grantPolicy(TestAccount member, String role, String policy) {
        client.ok("enterprise_role_add", aliceSession, json().put("name", role));
        client.ok("enterprise_role_enforcement", aliceSession, json().put("role", role).put("policy", policy)
                .put("value", "True"));
        client.ok("enterprise_role_member", aliceSession, json().put("role", role).put("email", member.email));
    }

    /** The settings blob a client makes: AES-GCM of a complexity JSON under the record key. */
    static String settingsBlob(Rec record) {
        return b64(Aes256Gcm.encrypt(record.recordKey(),
                utf8("{\"length\":32,\"upper\":5,\"lower\":5,\"digits\":5,\"special\":5,\"specialChars\":\"!@#\"}")));
    }

    long auditEvents(String type) {
        return api.store().read(h -> h.createQuery("SELECT COUNT(*) FROM audit_events WHERE event_type = :t")
                .bind("t", type).mapTo(Long.class).one());
    }

    @Override
    public void close() {
        api.close();
    }
}
