package io.castellan.server.device;

import static io.castellan.server.device.SmWorld.b64;
import static io.castellan.server.device.SmWorld.json;
import static io.castellan.server.device.SmWorld.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Cbc;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.Uids;
import io.castellan.server.MutableClock;
import io.castellan.server.ServerConfig;
import io.castellan.server.TestApiClient;
import io.castellan.server.device.SmWorld.App;
import io.castellan.server.device.SmWorld.VaultFolder;
import io.castellan.server.device.SmWorld.VaultRecord;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets Manager end to end over real HTTPS against a real store, written once and run on SQLite and PostgreSQL:
 * applications, grants and clients through the user API; a device binding with its one-time token and reading,
 * updating, rotating, creating, deleting, foldering and filing through the device API; revocation. The device side
 * is {@link TestDevice}, built from the crypto primitives exactly as Keeper's SDKs do it, and every read is
 * decrypted down the key chain (client key → app key → folder key → record key → data).
 */
@Timeout(90)
abstract class AbstractSecretsManagerFlowTest {

    @TempDir
    Path dataDir;

    SmWorld world;
    TestApiClient client;

    /** Points the configuration at the database under test. */
    abstract ServerConfig.Builder database(ServerConfig.Builder builder);

    @BeforeEach
    void start() throws Exception {
        world = SmWorld.start(dataDir, this::database);
        client = world.client;
    }

    @AfterEach
    void stop() {
        world.close();
    }

    MutableClock clock() {
        return world.api.clock;
    }

    @Test
    void applicationsAreCreatedSharedGrantedAndGivenClientsThroughTheUserApi() {
        App app = world.createApp(world.aliceSession, world.alice, "Billing");
        VaultRecord record = world.addRecord(world.aliceSession, world.alice, "{\"title\":\"db\"}");

        JsonNode apps = client.ok("app_list", world.aliceSession, json()).get("apps");
        assertThat(apps).hasSize(1);
        assertThat(apps.get(0).get("uid").asText()).isEqualTo(app.uid());
        assertThat(apps.get(0).get("role").asText()).isEqualTo("owner");
        assertThat(apps.get(0).get("keyType").asText()).isEqualTo("data_key");
        assertThat(Aes256Gcm.decrypt(world.alice.dataKey, Base64s.decode(apps.get(0).get("appKey").asText())))
                .isEqualTo(app.appKey());
        assertThat(new String(Aes256Gcm.decrypt(app.appKey(), Base64s.decode(apps.get(0).get("data").asText())),
                StandardCharsets.UTF_8)).contains("Billing");
        // every application command needs ALLOW_SECRETS_MANAGER from a role (an administrator needs none)
        TestApiClient.Reply noPolicy = client.call("app_list", world.bobSession, json());
        assertThat(noPolicy.status()).isEqualTo(403);
        assertThat(noPolicy.json().get("policy").asText()).isEqualTo("ALLOW_SECRETS_MANAGER");
        client.ok("enterprise_role_add", world.aliceSession, json().put("name", "Developers"));
        client.ok("enterprise_role_enforcement", world.aliceSession, json().put("role", "Developers")
                .put("policy", "ALLOW_SECRETS_MANAGER").put("value", "True"));
        client.ok("enterprise_role_member", world.aliceSession, json().put("role", "Developers")
                .put("email", world.bob.email));
        assertThat(client.ok("app_list", world.bobSession, json()).get("apps")).isEmpty();
        TestApiClient.Reply hidden = client.call("app_get", world.bobSession, json().put("uid", app.uid()));
        assertThat(hidden.status()).isEqualTo(404);

        // a viewer sees the application and opens its key, but manages nothing
        client.ok("app_share", world.aliceSession, json().put("uid", app.uid()).put("email", world.bob.email)
                .put("role", "viewer").put("appKey", b64(SmWorld.sealTo(world.bob, app.appKey()))));
        JsonNode bobApps = client.ok("app_list", world.bobSession, json()).get("apps");
        assertThat(bobApps.get(0).get("role").asText()).isEqualTo("viewer");
        assertThat(bobApps.get(0).get("keyType").asText()).isEqualTo("public_key");
        assertThat(Ecies.open(SmWorld.privateKey(world.bob), Base64s.decode(bobApps.get(0).get("appKey").asText())))
                .isEqualTo(app.appKey());
        TestDevice stranger = TestDevice.fresh(world.base, world.api.server.transmissionKeys().current(), world.http);
        assertThat(client.call("app_client_add", world.bobSession, world.clientRequest(app, stranger, "x", false))
                .status()).isEqualTo(403);
        assertThat(client.call("app_grant_add", world.bobSession, json().put("appUid", app.uid())
                .put("subjectUid", record.uid()).put("kind", "record")
                .put("key", b64(Aes256Gcm.encrypt(app.appKey(), record.recordKey())))).status()).isEqualTo(403);
        assertThat(client.call("app_remove", world.bobSession, json().put("uid", app.uid())).status())
                .isEqualTo(403);

        // with ALLOW_SECRETS_MANAGER bob creates applications of his own
        App bobs = new App(Uids.newUid(), CastellanRandom.bytes(32));
        ObjectNode bobCreate = json().put("uid", bobs.uid()).put("data", b64(Aes256Gcm.encrypt(bobs.appKey(),
                utf8("{\"title\":\"Mine\",\"type\":\"app\"}"))))
                .put("appKey", b64(Aes256Gcm.encrypt(world.bob.dataKey, bobs.appKey())));
        client.ok("app_create", world.bobSession, bobCreate);

        world.grantRecord(world.aliceSession, app, record, false);
        TestDevice device = world.addDevice(world.aliceSession, app, "ci-runner", true);
        // a second client with the same id is refused; the one-time window is capped at 24 hours
        assertThat(client.call("app_client_add", world.aliceSession, world.clientRequest(app, device, "dup", true))
                .status()).isEqualTo(409);
        TestDevice late = TestDevice.fresh(world.base, device.serverKey, world.http);
        TestApiClient.Reply tooLong = client.call("app_client_add", world.aliceSession, world.clientRequest(app, late,
                "late", true).put("firstAccessExpiresAt", clock().millis() + Duration.ofHours(25).toMillis()));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.error()).isEqualTo("validation_failed");
        assertThat(tooLong.json().get("message").asText()).contains("at most 24 hours");

        ObjectNode got = client.ok("app_get", world.bobSession, json().put("uid", app.uid()));
        assertThat(got.get("grants")).hasSize(1);
        assertThat(got.get("grants").get(0).get("subjectUid").asText()).isEqualTo(record.uid());
        assertThat(got.get("grants").get(0).get("kind").asText()).isEqualTo("record");
        assertThat(got.get("grants").get(0).get("editable").asBoolean()).isFalse();
        JsonNode clientEntry = got.get("clients").get(0);
        assertThat(clientEntry.get("clientId").asText()).isEqualTo(device.clientId);
        assertThat(clientEntry.get("name").asText()).isEqualTo("ci-runner");
        assertThat(clientEntry.get("lockIp").asBoolean()).isTrue();
        assertThat(clientEntry.get("bound").asBoolean()).isFalse();
        assertThat(clientEntry.get("lockedIp").isNull()).isTrue();
        assertThat(clientEntry.get("firstAccessExpiresAt").asLong())
                .isEqualTo(clientEntry.get("createdAt").asLong() + Duration.ofMinutes(60).toMillis());
        assertThat(got.get("members").get(0).get("email").asText()).isEqualTo(world.bob.email);

        device.bind();
        JsonNode listed = client.ok("app_client_list", world.aliceSession, json().put("appUid", app.uid()))
                .get("clients");
        assertThat(listed.get(0).get("bound").asBoolean()).isTrue();
        assertThat(listed.get(0).get("lockedIp").asText()).isEqualTo("127.0.0.1");

        client.ok("app_client_remove", world.aliceSession, json().put("appUid", app.uid()).put("name", "ci-runner"));
        assertThat(client.ok("app_client_list", world.aliceSession, json().put("appUid", app.uid())).get("clients"))
                .isEmpty();
        client.ok("app_grant_remove", world.aliceSession, json().put("appUid", app.uid())
                .put("subjectUid", record.uid()));
        client.ok("app_remove", world.aliceSession, json().put("uid", app.uid()));
        assertThat(client.ok("app_list", world.aliceSession, json()).get("apps")).isEmpty();

        assertThat(world.count("audit_events", "event_type IN ('app_created', 'app_shared', 'app_grant_added',"
                + " 'app_grant_removed', 'device_added', 'device_removed', 'device_bound', 'app_removed')"))
                .isEqualTo(9);
        assertThat(world.count("audit_events", "details_json LIKE ?", "%" + device.clientId + "%"))
                .as("the full client id stays out of the audit trail").isZero();
    }

    @Test
    void aDeviceBindsAndReadsGrantedRecordsAndFoldersDownTheKeyChain() {
        App app = world.createApp(world.aliceSession, world.alice, "Deploy");
        VaultRecord direct = world.addRecord(world.aliceSession, world.alice,
                "{\"title\":\"api\",\"type\":\"login\",\"fields\":[]}");
        VaultRecord other = world.addRecord(world.aliceSession, world.alice, "{\"title\":\"not granted\"}");
        VaultFolder folder = world.addSharedFolder(world.aliceSession, world.alice, "Prod");
        VaultRecord inFolder = world.addRecordIn(world.aliceSession, folder, "{\"title\":\"db\"}");
        world.grantRecord(world.aliceSession, app, direct, false);
        world.grantFolder(world.aliceSession, app, folder, "Prod", true);
        TestDevice device = world.addDevice(world.aliceSession, app, "runner", false);

        ObjectNode first = device.bind();
        assertThat(device.appKey).isEqualTo(app.appKey());
        assertThat(device.ownerPublicKey).isEqualTo(world.alice.publicKey);
        assertThat(first.get("encryptedAppKey").asText()).doesNotContain("-", "_");
        assertThat(new String(Aes256Gcm.decrypt(app.appKey(), Base64s.decodeWebSafe(first.get("appData").asText())),
                StandardCharsets.UTF_8)).contains("Deploy");

        TestDevice.Reply second = device.call("get_secret", device.payload());
        assertThat(second.status()).isEqualTo(200);
        String raw = second.text();
        for (String nullKey : List.of("\"encryptedAppKey\":null", "\"appOwnerPublicKey\":null", "\"files\":null",
                "\"innerFolderUid\":null", "\"warnings\":null", "\"extra\":null", "\"folderUid\":null",
                "\"parent\":null", "\"data\":null")) {
            assertThat(raw).as("J17.0 needs every key, null or not").contains(nullKey);
        }
        assertThat(raw).contains("\"expiresOn\":0");
        ObjectNode answer = second.json();

        JsonNode records = answer.get("records");
        assertThat(records).hasSize(1);
        JsonNode r = records.get(0);
        assertThat(r.get("recordUid").asText()).isEqualTo(direct.uid());
        assertThat(r.get("revision").asLong()).isEqualTo(1);
        assertThat(r.get("isEditable").asBoolean()).isFalse();
        byte[] recordKey = Aes256Gcm.decrypt(device.appKey, Base64s.decode(r.get("recordKey").asText()));
        assertThat(new String(Aes256Gcm.decrypt(recordKey, Base64s.decode(r.get("data").asText())),
                StandardCharsets.UTF_8)).contains("\"api\"");

        JsonNode folders = answer.get("folders");
        assertThat(folders).hasSize(1);
        assertThat(folders.get(0).get("folderUid").asText()).isEqualTo(folder.uid());
        assertThat(folders.get(0).get("isEditable").asBoolean()).isTrue();
        byte[] folderKey = Aes256Gcm.decrypt(device.appKey, Base64s.decode(folders.get(0).get("folderKey").asText()));
        JsonNode fr = folders.get(0).get("records").get(0);
        assertThat(fr.get("recordUid").asText()).isEqualTo(inFolder.uid());
        byte[] frKey = Aes256Gcm.decrypt(folderKey, Base64s.decode(fr.get("recordKey").asText()));
        assertThat(new String(Aes256Gcm.decrypt(frKey, Base64s.decode(fr.get("data").asText())),
                StandardCharsets.UTF_8)).isEqualTo("{\"title\":\"db\"}");
        assertThat(raw).doesNotContain(other.uid());

        ObjectNode filtered = device.ok("get_secret", device.payload()
                .set("requestedRecords", json().arrayNode().add(inFolder.uid())));
        assertThat(filtered.get("records").isNull()).isTrue();
        assertThat(filtered.get("folders").get(0).get("records")).hasSize(1);
        ObjectNode byFolder = device.ok("get_secret", device.payload()
                .set("requestedFolders", json().arrayNode().add(folder.uid())));
        assertThat(byFolder.get("records").isNull()).isTrue();
        assertThat(byFolder.get("folders")).hasSize(1);

        // a lost binding answer: the same key asks again and gets the app key again; another key cannot
        ObjectNode rebind = device.ok("get_secret", device.payload().put("publicKey", b64(device.publicKeyRaw())));
        assertThat(rebind.get("encryptedAppKey").isNull()).isFalse();

        assertThat(world.count("audit_events", "event_type = 'device_bound'")).isEqualTo(1);
        assertThat(world.count("audit_events", "event_type = 'device_secrets_read' AND subject_uids LIKE ?",
                "%" + direct.uid() + "%")).isEqualTo(3);
    }

    @Test
    void updatesNeedAnEditableGrantAndRotationsStayPendingUntilFinalized() {
        App app = world.createApp(world.aliceSession, world.alice, "Rotator");
        VaultRecord readOnly = world.addRecord(world.aliceSession, world.alice, "{\"password\":\"ro\"}");
        VaultRecord editable = world.addRecord(world.aliceSession, world.alice, "{\"password\":\"v1\"}");
        world.grantRecord(world.aliceSession, app, readOnly, false);
        world.grantRecord(world.aliceSession, app, editable, true);
        TestDevice device = world.addDevice(world.aliceSession, app, "gw", false);
        device.bind();

        TestDevice.Reply denied = device.call("update_secret", update(device, readOnly, "{\"password\":\"x\"}", 1,
                null));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.error()).isEqualTo("access_denied");
        assertThat(denied.json().get("path").asText()).isEqualTo("update_secret");
        assertThat(revisionOf(device, readOnly.uid())).isEqualTo(1);

        TestDevice.Reply updated = device.call("update_secret", update(device, editable, "{\"password\":\"v2\"}", 1,
                "general"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.raw()).isEmpty();
        assertThat(passwordOf(device, editable)).isEqualTo("{\"password\":\"v2\"}");
        TestDevice.Reply stale = device.call("update_secret", update(device, editable, "{\"password\":\"v3\"}", 1,
                null));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.error()).isEqualTo("conflict");

        // rotation: pending until finalized
        assertThat(device.call("update_secret", update(device, editable, "{\"password\":\"r1\"}", 2, "rotation"))
                .status()).isEqualTo(200);
        assertThat(passwordOf(device, editable)).as("pending is not current").isEqualTo("{\"password\":\"v2\"}");
        assertThat(device.call("update_secret", update(device, editable, "{\"password\":\"r2\"}", 2, "rotation"))
                .status()).as("a second rotation update replaces the pending value").isEqualTo(200);
        assertThat(device.call("update_secret", update(device, editable, "{\"password\":\"g\"}", 2, "general"))
                .status()).as("no general update while a rotation is pending").isEqualTo(409);
        device.ok("finalize_secret_update", device.payload().put("recordUid", editable.uid()));
        assertThat(passwordOf(device, editable)).isEqualTo("{\"password\":\"r2\"}");
        assertThat(revisionOf(device, editable.uid())).isEqualTo(3);
        JsonNode history = client.ok("record_history", world.aliceSession, json().put("uid", editable.uid()))
                .get("revisions");
        assertThat(history).hasSize(2);
        assertThat(editable.decrypt(Base64s.decode(history.get(1).get("data").asText())))
                .isEqualTo("{\"password\":\"v2\"}");
        assertThat(device.call("finalize_secret_update", device.payload().put("recordUid", editable.uid())).status())
                .as("nothing pending any more").isEqualTo(404);

        // rotation rolled back: the current value stays
        device.ok("update_secret", update(device, editable, "{\"password\":\"lost\"}", 3, "rotation"));
        device.ok("rollback_secret_update", device.payload().put("recordUid", editable.uid()));
        assertThat(passwordOf(device, editable)).isEqualTo("{\"password\":\"r2\"}");
        assertThat(revisionOf(device, editable.uid())).isEqualTo(3);
        assertThat(world.count("sm_pending_updates", "")).isZero();
        assertThat(device.call("finalize_secret_update", device.payload().put("recordUid", readOnly.uid())).status())
                .isEqualTo(403);
        assertThat(world.count("audit_events", "event_type IN ('secret_updated', 'secret_update_pending',"
                + " 'secret_update_rolled_back')")).isEqualTo(6);
    }

    @Test
    void devicesCreateAndDeleteSecretsAndKeepSubFoldersWithCbcKeys() {
        App app = world.createApp(world.aliceSession, world.alice, "Creator");
        VaultFolder folder = world.addSharedFolder(world.aliceSession, world.alice, "Shared");
        VaultFolder readOnlyFolder = world.addSharedFolder(world.aliceSession, world.alice, "Look only");
        world.grantFolder(world.aliceSession, app, folder, "Shared", true);
        world.grantFolder(world.aliceSession, app, readOnlyFolder, "Look only", false);
        TestDevice device = world.addDevice(world.aliceSession, app, "creator", false);
        device.bind();

        // a sub-folder: key AES-CBC under the shared folder's key, name AES-CBC under its own key
        String subUid = Uids.newUid();
        byte[] subKey = CastellanRandom.bytes(32);
        device.ok("create_folder", device.payload().put("folderUid", subUid).put("sharedFolderUid", folder.uid())
                .put("sharedFolderKey", b64(Aes256Cbc.encrypt(folder.folderKey(), subKey)))
                .put("data", b64(Aes256Cbc.encrypt(subKey, utf8("{\"name\":\"Inner\"}")))).putNull("parentUid"));
        assertThat(device.call("create_folder", device.payload().put("folderUid", Uids.newUid())
                .put("sharedFolderUid", readOnlyFolder.uid())
                .put("sharedFolderKey", b64(Aes256Cbc.encrypt(readOnlyFolder.folderKey(), subKey)))
                .put("data", b64(Aes256Cbc.encrypt(subKey, utf8("{\"name\":\"No\"}"))))).status()).isEqualTo(403);
        device.ok("update_folder", device.payload().put("folderUid", subUid)
                .put("data", b64(Aes256Cbc.encrypt(subKey, utf8("{\"name\":\"Renamed\"}")))));
        JsonNode folders = device.ok("get_folders", device.payload()).get("folders");
        Map<String, JsonNode> byUid = new TreeMap<>();
        folders.forEach(f -> byUid.put(f.get("folderUid").asText(), f));
        assertThat(byUid).containsOnlyKeys(folder.uid(), readOnlyFolder.uid(), subUid);
        JsonNode shared = byUid.get(folder.uid());
        byte[] sharedKey = Aes256Gcm.decrypt(device.appKey, Base64s.decode(shared.get("folderKey").asText()));
        assertThat(shared.get("parent").isNull()).isTrue();
        assertThat(new String(Aes256Cbc.decrypt(sharedKey, Base64s.decode(shared.get("data").asText())),
                StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"Shared\"}");
        JsonNode sub = byUid.get(subUid);
        assertThat(sub.get("parent").asText()).isEqualTo(folder.uid());
        byte[] openedSubKey = Aes256Cbc.decrypt(sharedKey, Base64s.decode(sub.get("folderKey").asText()));
        assertThat(openedSubKey).isEqualTo(subKey);
        assertThat(new String(Aes256Cbc.decrypt(openedSubKey, Base64s.decode(sub.get("data").asText())),
                StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"Renamed\"}");

        // create_secret into the sub-folder: the vault owner reads it too
        String recordUid = Uids.newUid();
        byte[] recordKey = CastellanRandom.bytes(32);
        device.ok("create_secret", device.payload().put("recordUid", recordUid)
                .put("recordKey", b64(Ecies.seal(device.ownerPublicKey, recordKey)))
                .put("folderUid", folder.uid())
                .put("folderKey", b64(Aes256Gcm.encrypt(sharedKey, recordKey)))
                .put("data", Base64s.encodeWebSafe(Aes256Gcm.encrypt(recordKey, utf8("{\"title\":\"made\"}"))))
                .put("subFolderUid", subUid));
        assertThat(device.call("create_secret", device.payload().put("recordUid", Uids.newUid())
                .put("recordKey", b64(Ecies.seal(device.ownerPublicKey, recordKey)))
                .put("folderUid", readOnlyFolder.uid())
                .put("folderKey", b64(Aes256Gcm.encrypt(readOnlyFolder.folderKey(), recordKey)))
                .put("data", Base64s.encodeWebSafe(Aes256Gcm.encrypt(recordKey, utf8("{}"))))).status())
                .isEqualTo(403);
        JsonNode created = recordIn(device.ok("get_secret", device.payload()), recordUid);
        assertThat(created.get("innerFolderUid").asText()).isEqualTo(subUid);
        assertThat(created.get("isEditable").asBoolean()).isTrue();
        ObjectNode owners = client.ok("record_get", world.aliceSession, json().put("uid", recordUid));
        assertThat(owners.get("ownerUid").asText()).isEqualTo(client.ok("whoami", world.aliceSession, json())
                .get("userUid").asText());
        assertThat(owners.get("keyType").asText()).isEqualTo("folder_key");
        assertThat(owners.get("folderUid").asText()).isEqualTo(folder.uid());
        byte[] ownerOpened = Aes256Gcm.decrypt(folder.folderKey(), Base64s.decode(owners.get("recordKey").asText()));
        assertThat(new String(Aes256Gcm.decrypt(ownerOpened, Base64s.decode(owners.get("data").asText())),
                StandardCharsets.UTF_8)).isEqualTo("{\"title\":\"made\"}");

        // delete_secret: one status per record
        VaultRecord lookOnly = world.addRecordIn(world.aliceSession, readOnlyFolder, "{\"title\":\"keep\"}");
        JsonNode statuses = device.ok("delete_secret", device.payload().set("recordUids",
                json().arrayNode().add(recordUid).add(lookOnly.uid()))).get("records");
        assertThat(statuses.get(0).get("responseCode").asText()).isEqualTo("ok");
        assertThat(statuses.get(1).get("responseCode").asText()).isEqualTo("access_denied");
        assertThat(recordIn(device.ok("get_secret", device.payload()), recordUid)).isNull();
        assertThat(client.call("record_get", world.aliceSession, json().put("uid", recordUid)).status())
                .isEqualTo(404);
        assertThat(client.ok("record_get", world.aliceSession, json().put("uid", lookOnly.uid())).get("revision")
                .asLong()).isEqualTo(1);

        // delete_folder: a non-empty folder needs forceDeletion, which takes its records along
        String second = Uids.newUid();
        device.ok("create_secret", device.payload().put("recordUid", second)
                .put("recordKey", b64(Ecies.seal(device.ownerPublicKey, recordKey)))
                .put("folderUid", folder.uid()).put("folderKey", b64(Aes256Gcm.encrypt(sharedKey, recordKey)))
                .put("data", Base64s.encodeWebSafe(Aes256Gcm.encrypt(recordKey, utf8("{}")))).put("subFolderUid", subUid));
        JsonNode kept = device.ok("delete_folder", device.payload().put("forceDeletion", false)
                .set("folderUids", json().arrayNode().add(subUid).add(folder.uid())));
        assertThat(kept.get("folders").get(0).get("responseCode").asText()).isEqualTo("folder_not_empty");
        assertThat(kept.get("folders").get(1).get("responseCode").asText()).isEqualTo("access_denied");
        JsonNode forced = device.ok("delete_folder", device.payload().put("forceDeletion", true)
                .set("folderUids", json().arrayNode().add(subUid)));
        assertThat(forced.get("folders").get(0).get("responseCode").asText()).isEqualTo("ok");
        assertThat(forced.get("records").get(0).get("recordUid").asText()).isEqualTo(second);
        assertThat(recordIn(device.ok("get_secret", device.payload()), second)).isNull();
        assertThat(device.ok("get_folders", device.payload()).get("folders")).hasSize(2);
    }

    @Test
    void aRecordCreatedInAFolderTheOwnerIsNotInReachesTheOwnerThroughTheSealedCopy() {
        App app = world.createApp(world.aliceSession, world.alice, "Shared admin");
        client.ok("app_share", world.aliceSession, json().put("uid", app.uid()).put("email", world.bob.email)
                .put("role", "admin").put("appKey", b64(SmWorld.sealTo(world.bob, app.appKey()))));
        VaultFolder bobs = world.addSharedFolder(world.bobSession, world.bob, "Bob's");
        client.ok("enterprise_role_add", world.aliceSession, json().put("name", "Developers"));
        client.ok("enterprise_role_enforcement", world.aliceSession, json().put("role", "Developers")
                .put("policy", "ALLOW_SECRETS_MANAGER").put("value", "True"));
        client.ok("enterprise_role_member", world.aliceSession, json().put("role", "Developers")
                .put("email", world.bob.email));
        world.grantFolder(world.bobSession, app, bobs, "Bob's", true);
        TestDevice device = world.addDevice(world.aliceSession, app, "bob-runner", false);
        device.bind();
        assertThat(device.ownerPublicKey).as("records are sealed to the app owner").isEqualTo(world.alice.publicKey);

        String uid = Uids.newUid();
        byte[] recordKey = CastellanRandom.bytes(32);
        device.ok("create_secret", device.payload().put("recordUid", uid)
                .put("recordKey", b64(Ecies.seal(device.ownerPublicKey, recordKey)))
                .put("folderUid", bobs.uid()).put("folderKey", b64(Aes256Gcm.encrypt(bobs.folderKey(), recordKey)))
                .put("data", Base64s.encodeWebSafe(Aes256Gcm.encrypt(recordKey, utf8("{\"title\":\"x\"}")))));
        ObjectNode asOwner = client.ok("record_get", world.aliceSession, json().put("uid", uid));
        assertThat(asOwner.get("keyType").asText()).isEqualTo("public_key");
        assertThat(asOwner.get("folderUid").asText()).isEqualTo(bobs.uid());
        byte[] opened = Ecies.open(SmWorld.privateKey(world.alice), Base64s.decode(asOwner.get("recordKey").asText()));
        assertThat(new String(Aes256Gcm.decrypt(opened, Base64s.decode(asOwner.get("data").asText())),
                StandardCharsets.UTF_8)).isEqualTo("{\"title\":\"x\"}");
        ObjectNode asMember = client.ok("record_get", world.bobSession, json().put("uid", uid));
        assertThat(asMember.get("keyType").asText()).isEqualTo("folder_key");
    }

    @Test
    void filesUploadThroughAOneTimeUrlAndDownloadThroughASignedOne() throws Exception {
        App app = world.createApp(world.aliceSession, world.alice, "Files");
        VaultRecord owner = world.addRecord(world.aliceSession, world.alice, "{\"title\":\"with file\"}");
        world.grantRecord(world.aliceSession, app, owner, true);
        TestDevice device = world.addDevice(world.aliceSession, app, "files", false);
        device.bind();

        String fileUid = Uids.newUid();
        byte[] fileKey = CastellanRandom.bytes(32);
        byte[] content = utf8("-----BEGIN KEY-----\nsecret file bytes\n-----END KEY-----\n");
        byte[] encrypted = Aes256Gcm.encrypt(fileKey, content);
        ObjectNode announced = device.ok("add_file", device.payload().put("fileRecordUid", fileUid)
                .put("fileRecordKey", b64(Ecies.seal(device.ownerPublicKey, fileKey)))
                .put("fileRecordData", Base64s.encodeWebSafe(Aes256Gcm.encrypt(fileKey,
                        utf8("{\"title\":\"key\",\"name\":\"id.pem\",\"type\":\"text/plain\",\"size\":55}"))))
                .put("ownerRecordUid", owner.uid())
                .put("ownerRecordData", Base64s.encodeWebSafe(Aes256Gcm.encrypt(owner.recordKey(),
                        utf8("{\"title\":\"with file\",\"fields\":[{\"type\":\"fileRef\",\"value\":[\"" + fileUid
                                + "\"]}]}"))))
                .put("linkKey", b64(Aes256Gcm.encrypt(owner.recordKey(), fileKey)))
                .put("fileSize", encrypted.length));
        String url = announced.get("url").asText();
        assertThat(url).startsWith(world.base + "/api/rest/sm/v1/files/upload/");
        assertThat(announced.get("parameters").isTextual()).isTrue();
        assertThat(announced.get("parameters").asText()).isEqualTo("{}");
        assertThat(announced.get("successStatusCode").asInt()).isEqualTo(204);
        assertThat(world.count("attachments", "")).as("nothing stored before the upload").isZero();

        // exactly the body Keeper's Java SDK writes: CRLF, delimiter, the file part, closing delimiter
        String boundary = "----------" + Long.toHexString(System.currentTimeMillis() / 1000);
        HttpResponse<byte[]> uploaded = upload(url, boundary, encrypted);
        assertThat(uploaded.statusCode()).isEqualTo(204);
        assertThat(upload(url, boundary, encrypted).statusCode()).as("single use").isEqualTo(404);

        ObjectNode answer = device.ok("get_secret", device.payload());
        JsonNode record = recordIn(answer, owner.uid());
        assertThat(record.get("revision").asLong()).isEqualTo(2);
        assertThat(owner.decrypt(Base64s.decode(record.get("data").asText()))).contains(fileUid);
        JsonNode file = record.get("files").get(0);
        assertThat(file.get("fileUid").asText()).isEqualTo(fileUid);
        assertThat(file.get("thumbnailUrl").isNull()).isTrue();
        byte[] recordKey = Aes256Gcm.decrypt(device.appKey, Base64s.decode(record.get("recordKey").asText()));
        byte[] openedFileKey = Aes256Gcm.decrypt(recordKey, Base64s.decode(file.get("fileKey").asText()));
        assertThat(new String(Aes256Gcm.decrypt(openedFileKey, Base64s.decode(file.get("data").asText())),
                StandardCharsets.UTF_8)).contains("id.pem");
        String downloadUrl = file.get("url").asText();
        assertThat(downloadUrl).startsWith(world.base + "/api/rest/sm/v1/files/download/");
        HttpResponse<byte[]> downloaded = device.send(HttpRequest.newBuilder(URI.create(downloadUrl)).GET().build());
        assertThat(downloaded.statusCode()).isEqualTo(200);
        assertThat(Aes256Gcm.decrypt(openedFileKey, downloaded.body())).isEqualTo(content);
        // the vault owner sees it as an ordinary attachment of the record
        JsonNode attachments = client.ok("record_get", world.aliceSession, json().put("uid", owner.uid()))
                .get("attachments");
        assertThat(attachments.get(0).get("uid").asText()).isEqualTo(fileUid);

        // a tampered URL is refused; an expired one too
        String tampered = downloadUrl.substring(0, downloadUrl.length() - 2)
                + (downloadUrl.endsWith("AA") ? "BA" : "AA");
        assertThat(device.send(HttpRequest.newBuilder(URI.create(tampered)).GET().build()).statusCode())
                .isEqualTo(403);
        clock().advance(Duration.ofMinutes(16));
        assertThat(device.send(HttpRequest.newBuilder(URI.create(downloadUrl)).GET().build()).statusCode())
                .isEqualTo(403);
        assertThat(world.count("audit_events", "event_type IN ('secret_file_uploaded', 'secret_file_downloaded')"))
                .isEqualTo(2);
    }

    @Test
    void revocationTakesEffectOnTheNextRequest() {
        App app = world.createApp(world.aliceSession, world.alice, "Revoked");
        VaultRecord record = world.addRecord(world.aliceSession, world.alice, "{\"password\":\"p\"}");
        world.grantRecord(world.aliceSession, app, record, true);
        TestDevice first = world.addDevice(world.aliceSession, app, "first", false);
        TestDevice second = world.addDevice(world.aliceSession, app, "second", false);
        TestDevice late = world.addDevice(world.aliceSession, app, "late", false);
        first.bind();
        second.bind();

        // the one-time window: binding after it is refused, and nothing is bound
        clock().advance(Duration.ofMinutes(61));
        TestDevice.Reply expired = late.call("get_secret", late.payload().put("publicKey", b64(late.publicKeyRaw())));
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.error()).isEqualTo("access_denied");
        assertThat(world.count("devices", "public_key IS NOT NULL")).isEqualTo(2);
        String session = world.api.login(world.alice); // the hour also ended alice's idle session

        // a removed grant: gone from get_secret, updates refused
        client.ok("app_grant_remove", session, json().put("appUid", app.uid())
                .put("subjectUid", record.uid()));
        assertThat(first.ok("get_secret", first.payload()).get("records").isNull()).isTrue();
        assertThat(first.call("update_secret", update(first, record, "{}", 1, null)).status()).isEqualTo(403);

        // a removed device, then a removed application
        client.ok("app_client_remove", session, json().put("appUid", app.uid())
                .put("clientId", first.clientId));
        TestDevice.Reply removed = first.call("get_secret", first.payload());
        assertThat(removed.status()).isEqualTo(403);
        assertThat(removed.error()).isEqualTo("access_denied");
        assertThat(second.call("get_secret", second.payload()).status()).isEqualTo(200);
        client.ok("app_remove", session, json().put("uid", app.uid()));
        assertThat(second.call("get_secret", second.payload()).status()).isEqualTo(403);
        assertThat(world.count("devices", "")).isZero();
        assertThat(world.count("audit_events", "event_type = 'device_access_denied'")).isEqualTo(1);
    }

    @Test
    void folderGrantsAddedAndRemovedTakeEffectOnTheNextRequest() {
        // the answer skips the folder queries while no shared folder is granted: granting one must show at once
        App app = world.createApp(world.aliceSession, world.alice, "Folders later");
        VaultRecord direct = world.addRecord(world.aliceSession, world.alice, "{\"title\":\"direct\"}");
        VaultFolder folder = world.addSharedFolder(world.aliceSession, world.alice, "Later");
        VaultRecord inFolder = world.addRecordIn(world.aliceSession, folder, "{\"title\":\"in folder\"}");
        world.grantRecord(world.aliceSession, app, direct, false);
        TestDevice device = world.addDevice(world.aliceSession, app, "runner", false);
        device.bind();
        ObjectNode before = device.ok("get_secret", device.payload());
        assertThat(before.get("folders").isNull()).isTrue();
        assertThat(before.get("records")).hasSize(1);

        world.grantFolder(world.aliceSession, app, folder, "Later", false);
        ObjectNode granted = device.ok("get_secret", device.payload());
        assertThat(granted.get("folders")).hasSize(1);
        assertThat(granted.get("folders").get(0).get("records").get(0).get("recordUid").asText())
                .isEqualTo(inFolder.uid());
        assertThat(granted.get("records")).hasSize(1);

        client.ok("app_grant_remove", world.aliceSession, json().put("appUid", app.uid())
                .put("subjectUid", folder.uid()));
        ObjectNode removed = device.ok("get_secret", device.payload());
        assertThat(removed.get("folders").isNull()).isTrue();
        assertThat(removed.get("records").get(0).get("recordUid").asText()).isEqualTo(direct.uid());
        assertThat(device.call("get_secret", device.payload()).text()).doesNotContain(inFolder.uid());
    }

    @Test
    void concurrentReadsAreEachAuditedAndTheChainVerifies() throws Exception {
        // the reads' writes are group-committed (ReadCommits): every read still gets its own event, in one chain
        App app = world.createApp(world.aliceSession, world.alice, "Busy");
        VaultRecord record = world.addRecord(world.aliceSession, world.alice, "{\"password\":\"p\"}");
        world.grantRecord(world.aliceSession, app, record, false);
        List<TestDevice> devices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            TestDevice d = world.addDevice(world.aliceSession, app, "d" + i, false);
            d.bind();
            devices.add(d);
        }
        long reads = world.count("audit_events", "event_type = 'device_secrets_read'");
        int each = 6;
        List<java.util.concurrent.Future<Integer>> done = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (TestDevice d : devices) {
                done.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < each; i++) {
                        ok += d.ok("get_secret", d.payload()).get("records").size();
                    }
                    return ok;
                }));
            }
            for (var f : done) {
                assertThat(f.get()).isEqualTo(each);
            }
        }
        assertThat(world.count("audit_events", "event_type = 'device_secrets_read'"))
                .isEqualTo(reads + devices.size() * each);
        var chain = world.api.store().auditEvents().range(1, Long.MAX_VALUE);
        assertThat(io.castellan.store.AuditChainVerifier.firstBreak(chain)).isEmpty();
        assertThat(chain.getLast().seq()).isEqualTo(chain.size());
    }

    @Test
    void accessExpiryEndsADevice() {
        App app = world.createApp(world.aliceSession, world.alice, "Temp");
        TestDevice device = TestDevice.fresh(world.base, world.api.server.transmissionKeys().current(), world.http);
        client.ok("app_client_add", world.aliceSession, world.clientRequest(app, device, "temp", false)
                .put("accessExpiresAt", clock().millis() + Duration.ofHours(2).toMillis()));
        ObjectNode bound = device.bind();
        assertThat(bound.get("expiresOn").asLong()).isGreaterThan(clock().millis());
        clock().advance(Duration.ofHours(2));
        assertThat(device.call("get_secret", device.payload()).status()).isEqualTo(403);
    }

    static ObjectNode update(TestDevice device, VaultRecord record, String json, long revision, String type) {
        ObjectNode payload = device.payload().put("recordUid", record.uid())
                .put("data", Base64s.encodeWebSafe(Aes256Gcm.encrypt(record.recordKey(), utf8(json))))
                .put("revision", revision);
        return type == null ? payload : payload.put("transactionType", type);
    }

    static JsonNode recordIn(ObjectNode answer, String uid) {
        List<JsonNode> all = new ArrayList<>();
        answer.path("records").forEach(all::add);
        answer.path("folders").forEach(f -> f.path("records").forEach(all::add));
        return all.stream().filter(r -> r.get("recordUid").asText().equals(uid)).findFirst().orElse(null);
    }

    static long revisionOf(TestDevice device, String uid) {
        return recordIn(device.ok("get_secret", device.payload()), uid).get("revision").asLong();
    }

    static String passwordOf(TestDevice device, VaultRecord record) {
        JsonNode r = recordIn(device.ok("get_secret", device.payload()), record.uid());
        return record.decrypt(Base64s.decode(r.get("data").asText()));
    }

    HttpResponse<byte[]> upload(String url, String boundary, byte[] file) {
        byte[] head = ("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + file.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(file, 0, body, head.length, file.length);
        System.arraycopy(tail, 0, body, head.length + file.length, tail.length);
        return TestDeviceHttp.send(world.http, HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }
}
