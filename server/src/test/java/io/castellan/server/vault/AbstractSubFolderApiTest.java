package io.castellan.server.vault;

import static io.castellan.server.vault.VaultFixture.b64;
import static io.castellan.server.vault.VaultFixture.bytes;
import static io.castellan.server.vault.VaultFixture.json;
import static io.castellan.server.vault.VaultFixture.random;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Cbc;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.enterprise.EnterpriseApi;
import io.castellan.server.enterprise.EnterpriseContext;
import io.castellan.server.vault.VaultFixture.TestFolder;
import io.castellan.server.vault.VaultFixture.TestRecord;
import io.castellan.server.vault.VaultFixture.TestUser;
import io.castellan.store.InviteRepository;
import io.castellan.store.RoleRepository;
import io.castellan.store.SessionRepository;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import io.castellan.store.SubFolderRepository;
import io.castellan.store.TeamRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folders inside shared folders (Keeper's "shared folder folders") through the real vault commands on a real store
 * (SQLite and PostgreSQL by two small subclasses). The test plays the clients with real crypto in Keeper's format:
 * sub-folder key AES-256-CBC under the shared folder's key, name AES-256-CBC under the sub-folder's key, and opens
 * what {@code sync_down} serves exactly as a client does.
 *
 * <p>Cast: the shared folder's owner; {@code manager} (direct member with manageRecords); {@code viewer} (direct member
 * who may edit records but not manage them); {@code ann} (manageRecords only through team Ops); {@code outsider}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class AbstractSubFolderApiTest {

    @TempDir
    Path tempDir;

    Store store;
    VaultFixture vault;
    TestUser admin;
    TestUser owner;
    TestUser manager;
    TestUser viewer;
    TestUser ann;
    TestUser outsider;
    TestFolder shared;

    protected abstract StoreConfig freshConfig(Path dataDir);

    /** A sub-folder as its creator's client holds it. */
    record TestSubFolder(String uid, byte[] key) {
    }

    @BeforeEach
    void openStore() {
        store = Store.open(freshConfig(tempDir.resolve("data")));
        vault = new VaultFixture(store, VaultLimits.defaults());
        EnterpriseApi.register(vault.registry, new EnterpriseContext(store, vault.clock, vault.audit,
                new TeamRepository(store.transactions()), new RoleRepository(store.transactions()),
                new InviteRepository(store.transactions()), new SessionRepository(store.transactions()), e -> { }));
        admin = vault.user("admin");
        owner = vault.user("owner");
        manager = vault.user("manager");
        viewer = vault.user("viewer");
        ann = vault.user("ann");
        outsider = vault.user("outsider");
        shared = vault.addFolder(owner, "shared", null);
        vault.addMember(owner, shared, manager, true, false, true, false);
        vault.addMember(owner, shared, viewer, false, false, true, false);
        shareWithTeamOps(true);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Team Ops (member ann) joins the shared folder, its folder key sealed to the team's public key. */
    private void shareWithTeamOps(boolean manageRecords) {
        byte[] teamKey = random(32);
        KeyPair teamPair = EcKeys.generateKeyPair();
        vault.call(admin, "enterprise_team_add", json().put("name", "Ops")
                .put("publicKey", b64(EcKeys.rawPublicKey((ECPublicKey) teamPair.getPublic())))
                .put("encryptedPrivateKey", b64(Aes256Gcm.encrypt(teamKey,
                        EcKeys.pkcs8((ECPrivateKey) teamPair.getPrivate()))))
                .put("adminTeamKey", b64(admin.sealTo(teamKey))));
        vault.call(admin, "enterprise_team_member", json().put("team", "Ops").put("email", ann.email())
                .put("encryptedTeamKey", b64(ann.sealTo(teamKey))));
        ObjectNode key = vault.call(owner, "team_public_key", json().put("team", "Ops"));
        vault.call(owner, "folder_member_add", json().put("folderUid", shared.uid()).put("team", "Ops")
                .put("folderKey", b64(Ecies.seal(bytes(key, "publicKey"), shared.folderKey())))
                .put("manageRecords", manageRecords).put("manageUsers", false).put("canEdit", true)
                .put("canShare", false));
    }

    /** The {@code folder_add} body of a sub-folder named {@code name} under {@code parentUid}, as a client makes it. */
    ObjectNode subFolderBody(TestSubFolder sub, String parentUid, String name) {
        return json().put("uid", sub.uid()).put("kind", "user").put("parentUid", parentUid)
                .put("data", b64(Aes256Cbc.encrypt(sub.key(), nameJson(name))))
                .put("folderKey", b64(Aes256Cbc.encrypt(shared.folderKey(), sub.key())))
                .put("keyType", "shared_folder_key");
    }

    TestSubFolder addSubFolder(TestUser user, String parentUid, String name) {
        TestSubFolder sub = new TestSubFolder(Uids.newUid(), random(32));
        vault.call(user, "folder_add", subFolderBody(sub, parentUid, name));
        return sub;
    }

    static byte[] nameJson(String name) {
        return ("{\"name\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Opens a sub-folder entry of a sync with the shared folder's key, as a client does: its name. */
    String openName(JsonNode entry) {
        byte[] key = Aes256Cbc.decrypt(shared.folderKey(), bytes(entry, "folderKey"));
        String json = new String(Aes256Cbc.decrypt(key, bytes(entry, "data")), StandardCharsets.UTF_8);
        return json.substring("{\"name\":\"".length(), json.length() - 2);
    }

    TestRecord addRecordTo(TestUser user, String folderUid) {
        TestRecord record = new TestRecord(Uids.newUid(), random(32), "{\"title\":\"in a sub-folder\"}");
        vault.call(user, "record_add", json().put("uid", record.uid()).put("data", b64(record.encrypted()))
                .put("recordKey", b64(Aes256Gcm.encrypt(shared.folderKey(), record.recordKey())))
                .put("keyType", "folder_key").put("folderUid", folderUid));
        return record;
    }

    void move(TestUser user, TestRecord record, String folderUid) {
        vault.call(user, "record_move", json().put("uid", record.uid()).put("folderUid", folderUid)
                .put("recordKey", b64(Aes256Gcm.encrypt(shared.folderKey(), record.recordKey())))
                .put("keyType", "folder_key"));
    }

    static void assertError(CastellanException e, ErrorCode code, String field) {
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        if (field != null) {
            assertThat(e.detail(CastellanException.DETAIL_FIELD)).as(e.getMessage()).contains(field);
        }
    }

    long subFolders() {
        return store.read(h -> h.createQuery("SELECT COUNT(*) FROM sm_subfolders").mapTo(Long.class).one());
    }

    List<String> auditTypes() {
        return store.read(h -> h.createQuery("SELECT event_type FROM audit_events ORDER BY seq").mapTo(String.class)
                .list());
    }

    @Test
    void membersWhoManageRecordsMakeFoldersThatEveryMemberSeesAndOpens() {
        TestSubFolder alpha = addSubFolder(owner, shared.uid(), "Alpha");
        TestSubFolder beta = addSubFolder(manager, alpha.uid(), "Beta");
        TestSubFolder gamma = addSubFolder(ann, shared.uid(), "Gamma");

        for (TestUser member : List.of(owner, manager, viewer, ann)) {
            Map<String, JsonNode> folders = VaultFixture.folders(vault.sync(member));
            assertThat(folders).as(member.email()).containsKeys(shared.uid(), alpha.uid(), beta.uid(), gamma.uid());
            JsonNode b = folders.get(beta.uid());
            assertThat(b.get("kind").textValue()).isEqualTo("shared_folder_folder");
            assertThat(b.get("keyType").textValue()).isEqualTo("shared_folder_key");
            assertThat(b.get("parentUid").textValue()).isEqualTo(alpha.uid());
            assertThat(b.get("sharedFolderUid").textValue()).isEqualTo(shared.uid());
            assertThat(folders.get(alpha.uid()).get("parentUid").textValue()).isEqualTo(shared.uid());
            assertThat(openName(b)).isEqualTo("Beta");
            assertThat(openName(folders.get(gamma.uid()))).isEqualTo("Gamma");
        }
        assertThat(VaultFixture.folders(vault.sync(outsider))).isEmpty();

        // the very rows devices use: the store's sub-folder table, with the client's ciphertext as sent
        SubFolderRepository rows = new SubFolderRepository(store.transactions(), Clock.systemUTC());
        assertThat(rows.get(beta.uid()).orElseThrow().parentUid()).contains(alpha.uid());
        assertThat(rows.get(alpha.uid()).orElseThrow().parentUid()).isEmpty();
        assertThat(Aes256Cbc.decrypt(shared.folderKey(), rows.get(gamma.uid()).orElseThrow().encryptedFolderKey()))
                .isEqualTo(gamma.key());

        // a view-only member is refused, an outsider does not even see the parent; nothing changes
        long before = subFolders();
        TestSubFolder refused = new TestSubFolder(Uids.newUid(), random(32));
        assertError(vault.fail(viewer, "folder_add", subFolderBody(refused, shared.uid(), "No")),
                ErrorCode.FORBIDDEN, null);
        assertError(vault.fail(viewer, "folder_add", subFolderBody(refused, alpha.uid(), "No")),
                ErrorCode.FORBIDDEN, null);
        assertError(vault.fail(outsider, "folder_add", subFolderBody(refused, shared.uid(), "No")),
                ErrorCode.NOT_FOUND, "parentUid");
        assertError(vault.fail(outsider, "folder_add", subFolderBody(refused, beta.uid(), "No")),
                ErrorCode.NOT_FOUND, "parentUid");
        assertThat(subFolders()).isEqualTo(before);

        assertThat(auditTypes().stream().filter("subfolder_created"::equals)).hasSize(3);
        String details = store.read(h -> h.createQuery("SELECT details_json FROM audit_events WHERE event_type ="
                + " 'subfolder_created' AND actor = :actor").bind("actor", manager.uid()).mapTo(String.class).one());
        assertThat(details).contains(alpha.uid());
    }

    @Test
    void recordsArePlacedInSubFoldersAndMovedInAndOut() {
        TestSubFolder alpha = addSubFolder(owner, shared.uid(), "Alpha");
        TestSubFolder beta = addSubFolder(owner, alpha.uid(), "Beta");
        TestRecord record = addRecordTo(manager, beta.uid());

        Supplier<JsonNode> asViewer = () -> VaultFixture.records(vault.sync(viewer)).get(record.uid());
        assertThat(asViewer.get().get("folderUid").textValue()).as("filed in the shared folder")
                .isEqualTo(shared.uid());
        assertThat(asViewer.get().get("subFolderUid").textValue()).isEqualTo(beta.uid());
        assertThat(record.decrypt(bytes(asViewer.get(), "data"))).isEqualTo(record.plaintext());
        assertThat(vault.get(ann, record.uid()).get("subFolderUid").textValue()).isEqualTo(beta.uid());
        assertThat(vault.count("record_keys", "record_uid = :uid AND holder_kind = 'folder'", record.uid()))
                .isEqualTo(1);

        // placing records needs manageRecords, directly or through a team
        TestRecord teamMade = addRecordTo(ann, alpha.uid());
        assertThat(VaultFixture.records(vault.sync(owner)).get(teamMade.uid()).get("subFolderUid").textValue())
                .isEqualTo(alpha.uid());
        assertError(vault.fail(viewer, "record_add", json().put("uid", Uids.newUid()).put("data", b64(random(40)))
                .put("recordKey", b64(random(60))).put("keyType", "folder_key").put("folderUid", beta.uid())),
                ErrorCode.FORBIDDEN, null);
        assertError(vault.fail(outsider, "record_add", json().put("uid", Uids.newUid()).put("data", b64(random(40)))
                .put("recordKey", b64(random(60))).put("keyType", "folder_key").put("folderUid", beta.uid())),
                ErrorCode.NOT_FOUND, "folderUid");
        assertError(vault.fail(manager, "record_add", json().put("uid", Uids.newUid()).put("data", b64(random(40)))
                .put("recordKey", b64(random(60))).put("keyType", "data_key").put("folderUid", beta.uid())),
                ErrorCode.BAD_REQUEST, "keyType");
        assertError(vault.fail(viewer, "record_move", json().put("uid", record.uid()).put("folderUid", alpha.uid())
                .put("recordKey", b64(random(60))).put("keyType", "folder_key")), ErrorCode.FORBIDDEN, null);

        move(manager, record, alpha.uid());
        assertThat(asViewer.get().get("subFolderUid").textValue()).isEqualTo(alpha.uid());
        move(ann, record, shared.uid());
        assertThat(asViewer.get().has("subFolderUid")).as("back at the shared folder's root").isFalse();
        assertThat(asViewer.get().get("folderUid").textValue()).isEqualTo(shared.uid());
        move(manager, record, beta.uid());
        assertThat(asViewer.get().get("subFolderUid").textValue()).isEqualTo(beta.uid());

        // out of the shared folder to its owner's root: the placement goes with it
        vault.call(manager, "record_move", json().put("uid", record.uid())
                .put("recordKey", b64(manager.wrap(record.recordKey()))).put("keyType", "data_key"));
        assertThat(asViewer.get()).isNull();
        assertThat(vault.count("sm_record_subfolders", "record_uid = :uid", record.uid())).isZero();
        assertThat(VaultFixture.records(vault.sync(manager)).get(record.uid()).has("subFolderUid")).isFalse();

        String details = store.read(h -> h.createQuery("SELECT details_json FROM audit_events WHERE event_type ="
                + " 'record_moved' ORDER BY seq").mapTo(String.class).list()).get(1);
        assertThat(details).contains("\"from\":\"" + alpha.uid() + "\"").contains("\"to\":\"" + shared.uid() + "\"");
        String created = store.read(h -> h.createQuery("SELECT details_json FROM audit_events WHERE event_type ="
                + " 'record_created' ORDER BY seq").mapTo(String.class).list()).get(0);
        assertThat(created).contains("\"subFolder\":\"" + beta.uid() + "\"");
    }

    @Test
    void renameAndDeleteNeedManageRecordsAndANonEmptyFolderOnlyGoesWithItsContents() {
        TestSubFolder alpha = addSubFolder(owner, shared.uid(), "Alpha");
        TestSubFolder beta = addSubFolder(owner, alpha.uid(), "Beta");
        TestSubFolder gamma = addSubFolder(owner, shared.uid(), "Gamma");
        TestRecord record = addRecordTo(manager, beta.uid());
        TestRecord atRoot = addRecordTo(manager, shared.uid());

        ObjectNode rename = json().put("uid", alpha.uid())
                .put("data", b64(Aes256Cbc.encrypt(alpha.key(), nameJson("Renamed"))));
        assertError(vault.fail(viewer, "folder_update", rename), ErrorCode.FORBIDDEN, null);
        assertError(vault.fail(outsider, "folder_update", rename), ErrorCode.NOT_FOUND, "uid");
        vault.call(ann, "folder_update", rename);
        assertThat(openName(VaultFixture.folders(vault.sync(viewer)).get(alpha.uid()))).isEqualTo("Renamed");
        assertError(vault.fail(owner, "folder_update", json().put("uid", shared.uid())
                .put("data", b64(random(32)))), ErrorCode.VALIDATION_FAILED, "uid");
        assertError(vault.fail(owner, "folder_update", json().put("uid", Uids.newUid())
                .put("data", b64(random(32)))), ErrorCode.NOT_FOUND, "uid");
        assertError(vault.fail(owner, "folder_update", json().put("uid", alpha.uid())
                .put("data", b64(random(33)))), ErrorCode.BAD_REQUEST, "data");

        // not empty: refused unless the contents go too; a view-only member may not delete at all
        assertError(vault.fail(manager, "folder_delete", json().put("uid", alpha.uid())), ErrorCode.CONFLICT, null);
        assertError(vault.fail(manager, "folder_delete", json().put("uid", beta.uid())), ErrorCode.CONFLICT, null);
        assertError(vault.fail(viewer, "folder_delete", json().put("uid", alpha.uid()).put("deleteContents", true)),
                ErrorCode.FORBIDDEN, null);
        assertError(vault.fail(outsider, "folder_delete", json().put("uid", alpha.uid())), ErrorCode.NOT_FOUND, "uid");
        assertThat(subFolders()).isEqualTo(3);
        assertThat(vault.get(viewer, record.uid()).get("subFolderUid").textValue()).isEqualTo(beta.uid());

        vault.call(manager, "folder_delete", json().put("uid", gamma.uid()));
        vault.call(manager, "folder_delete", json().put("uid", alpha.uid()).put("deleteContents", true));
        Map<String, JsonNode> folders = VaultFixture.folders(vault.sync(viewer));
        assertThat(folders).containsKey(shared.uid()).doesNotContainKeys(alpha.uid(), beta.uid(), gamma.uid());
        assertError(vault.fail(viewer, "record_get", json().put("uid", record.uid())), ErrorCode.NOT_FOUND, null);
        assertThat(vault.get(viewer, atRoot.uid()).get("uid").textValue()).as("the root's record stays")
                .isEqualTo(atRoot.uid());
        assertThat(subFolders()).isZero();
        String deleted = store.read(h -> h.createQuery("SELECT details_json FROM audit_events WHERE event_type ="
                + " 'subfolder_deleted' ORDER BY seq").mapTo(String.class).list()).get(1);
        assertThat(deleted).contains("\"records\":\"1\"");
        assertThat(auditTypes()).contains("subfolder_renamed", "record_deleted");

        // the shared folder itself goes only once the folders inside it are gone too
        TestSubFolder last = addSubFolder(owner, shared.uid(), "Last");
        vault.call(owner, "record_delete", json().set("uids", json().arrayNode().add(atRoot.uid())));
        assertError(vault.fail(owner, "folder_delete", json().put("uid", shared.uid())), ErrorCode.CONFLICT, null);
        vault.call(owner, "folder_delete", json().put("uid", last.uid()));
        vault.call(owner, "folder_delete", json().put("uid", shared.uid()));
        assertThat(vault.count("folders", "uid = :uid", shared.uid())).isZero();

        // deleteContents is for folders inside shared folders only
        TestFolder own = vault.addFolder(owner, "user", null);
        assertError(vault.fail(owner, "folder_delete", json().put("uid", own.uid()).put("deleteContents", true)),
                ErrorCode.BAD_REQUEST, "deleteContents");
        assertThat(vault.count("folders", "uid = :uid", own.uid())).isEqualTo(1);
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() {
        TestSubFolder alpha = addSubFolder(owner, shared.uid(), "Alpha");
        TestFolder own = vault.addFolder(owner, "user", null);
        TestFolder otherShared = vault.addFolder(outsider, "shared", null);
        long before = subFolders();
        TestSubFolder fresh = new TestSubFolder(Uids.newUid(), random(32));

        // the key must be a CBC-wrapped 32-byte key, the data whole CBC blocks
        assertError(vault.fail(owner, "folder_add", subFolderBody(fresh, shared.uid(), "X")
                .put("folderKey", b64(Aes256Gcm.encrypt(shared.folderKey(), fresh.key())))),
                ErrorCode.BAD_REQUEST, "folderKey");
        assertError(vault.fail(owner, "folder_add", subFolderBody(fresh, shared.uid(), "X")
                .put("data", b64(random(40)))), ErrorCode.BAD_REQUEST, "data");
        assertError(vault.fail(owner, "folder_add", subFolderBody(fresh, shared.uid(), "X")
                .put("keyType", "folder_key")), ErrorCode.BAD_REQUEST, "keyType");
        // data_key wrapping inside a shared folder would leave the other members without the key
        assertError(vault.fail(owner, "folder_add", json().put("uid", fresh.uid()).put("kind", "user")
                .put("parentUid", alpha.uid()).put("data", b64(random(40)))
                .put("folderKey", b64(owner.wrap(fresh.key()))).put("keyType", "data_key")),
                ErrorCode.BAD_REQUEST, "keyType");
        // shared_folder_key outside shared folders, and at the root
        assertError(vault.fail(owner, "folder_add", subFolderBody(fresh, own.uid(), "X")), ErrorCode.BAD_REQUEST,
                "keyType");
        ObjectNode atRoot = subFolderBody(fresh, shared.uid(), "X");
        atRoot.remove("parentUid");
        assertError(vault.fail(owner, "folder_add", atRoot), ErrorCode.BAD_REQUEST, "keyType");
        // shared folders do not nest
        assertError(vault.fail(owner, "folder_add", subFolderBody(fresh, alpha.uid(), "X").put("kind", "shared")),
                ErrorCode.VALIDATION_FAILED, "kind");
        // unknown parent; a parent in a shared folder the caller is not in
        assertError(vault.fail(owner, "folder_add", subFolderBody(fresh, Uids.newUid(), "X")), ErrorCode.NOT_FOUND,
                "parentUid");
        assertError(vault.fail(owner, "folder_add", subFolderBody(fresh, otherShared.uid(), "X")),
                ErrorCode.NOT_FOUND, "parentUid");
        // a taken UID, whether a sub-folder's or a folder's
        assertError(vault.fail(owner, "folder_add", subFolderBody(alpha, shared.uid(), "X")), ErrorCode.CONFLICT,
                "uid");
        assertError(vault.fail(owner, "folder_add", subFolderBody(new TestSubFolder(own.uid(), random(32)),
                shared.uid(), "X")), ErrorCode.CONFLICT, "uid");
        assertError(vault.fail(owner, "folder_add", json().put("uid", alpha.uid()).put("kind", "user")
                .put("data", b64(random(40))).put("folderKey", b64(owner.wrap(random(32))))
                .put("keyType", "data_key")), ErrorCode.CONFLICT, "uid");
        // a self-parent cannot be named: the new UID does not exist yet
        assertError(vault.fail(owner, "folder_add", subFolderBody(fresh, fresh.uid(), "X")), ErrorCode.NOT_FOUND,
                "parentUid");

        assertThat(subFolders()).isEqualTo(before);
        assertThat(vault.count("folders", "uid = :uid", fresh.uid())).isZero();
        assertThat(new SubFolderRepository(store.transactions(), Clock.systemUTC()).get(fresh.uid()))
                .isEqualTo(Optional.empty());
    }
}
