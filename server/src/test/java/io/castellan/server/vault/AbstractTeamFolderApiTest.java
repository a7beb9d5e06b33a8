package io.castellan.server.vault;

import static io.castellan.server.vault.VaultFixture.b64;
import static io.castellan.server.vault.VaultFixture.bytes;
import static io.castellan.server.vault.VaultFixture.json;
import static io.castellan.server.vault.VaultFixture.random;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.EcKeys;
import io.castellan.crypto.Ecies;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiRegistry;
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
import io.castellan.store.TeamRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teams as shared-folder members, through the real vault and enterprise commands on a real store (SQLite and
 * PostgreSQL by two small subclasses). The test plays the clients with real crypto: the administrator makes the team
 * key and key pair, seals the team key to members, a folder manager seals the folder key to the team's public key,
 * and members open folder key → record key → record exactly as a client does. Then: pending members see nothing
 * until completed, permissions are the union over paths, removal ends visibility at once, and the store holds no
 * team key, team private key, folder key or record in the clear.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class AbstractTeamFolderApiTest {

    @TempDir
    Path tempDir;

    Store store;
    VaultFixture vault;
    TestUser admin;
    TestUser owner;
    TestUser ann;
    TestUser ben;
    TestUser carol;

    /** What the administrator's client made for the team. */
    byte[] teamKey;
    KeyPair teamPair;

    protected abstract StoreConfig freshConfig(Path dataDir);

    @BeforeEach
    void openStore() {
        store = Store.open(freshConfig(tempDir.resolve("data")));
        vault = new VaultFixture(store, VaultLimits.defaults());
        EnterpriseApi.register(vault.registry, new EnterpriseContext(store, vault.clock, vault.audit,
                new TeamRepository(store.transactions()), new RoleRepository(store.transactions()),
                new InviteRepository(store.transactions()), new SessionRepository(store.transactions()), e -> { }));
        admin = vault.user("admin");
        owner = vault.user("owner");
        ann = vault.user("ann");
        ben = vault.user("ben");
        carol = vault.user("carol");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** The administrator creates team "Ops" with keys, adds ann with the team key and ben pending. */
    String createTeam() {
        teamKey = random(32);
        teamPair = EcKeys.generateKeyPair();
        byte[] pkcs8 = EcKeys.pkcs8((ECPrivateKey) teamPair.getPrivate());
        String teamUid = vault.call(admin, "enterprise_team_add", json().put("name", "Ops")
                .put("publicKey", b64(EcKeys.rawPublicKey((ECPublicKey) teamPair.getPublic())))
                .put("encryptedPrivateKey", b64(Aes256Gcm.encrypt(teamKey, pkcs8)))
                .put("adminTeamKey", b64(admin.sealTo(teamKey)))).get("teamUid").textValue();
        vault.call(admin, "enterprise_team_member", json().put("team", "Ops").put("email", ann.email())
                .put("encryptedTeamKey", b64(ann.sealTo(teamKey))));
        vault.call(admin, "enterprise_team_member", json().put("team", "Ops").put("email", ben.email()));
        return teamUid;
    }

    /** The owner's shared folder holding one record, shared with team Ops (folder key sealed to its public key). */
    TestFolder shareFolderWithTeam(boolean canEdit, boolean manageUsers) {
        TestFolder folder = vault.addFolder(owner, "shared", null);
        ObjectNode key = vault.call(owner, "team_public_key", json().put("team", "Ops"));
        vault.call(owner, "folder_member_add", json().put("folderUid", folder.uid()).put("team", "Ops")
                .put("folderKey", b64(Ecies.seal(bytes(key, "publicKey"), folder.folderKey())))
                .put("manageRecords", false).put("manageUsers", manageUsers).put("canEdit", canEdit)
                .put("canShare", false));
        return folder;
    }

    /** Opens a record from {@code user}'s sync as a client would, through the team path when that is offered. */
    static String openRecord(TestUser user, ObjectNode sync, String recordUid) {
        JsonNode record = VaultFixture.records(sync).get(recordUid);
        assertThat(record).as("record visible to " + user.email()).isNotNull();
        assertThat(record.get("keyType").textValue()).isEqualTo("folder_key");
        JsonNode folder = VaultFixture.folders(sync).get(record.get("folderUid").textValue());
        byte[] folderKey;
        if ("team_key".equals(folder.get("keyType").textValue())) {
            JsonNode team = null;
            for (JsonNode t : sync.get("teams")) {
                if (t.get("teamUid").textValue().equals(folder.get("teamUid").textValue())) {
                    team = t;
                }
            }
            assertThat(team).as("the team's keys are in the sync").isNotNull();
            byte[] teamKey = user.open(bytes(team, "teamKey"));
            ECPrivateKey teamPrivate = EcKeys.privateKeyFromPkcs8(Aes256Gcm.decrypt(teamKey,
                    bytes(team, "encryptedPrivateKey")));
            folderKey = Ecies.open(teamPrivate, bytes(folder, "folderKey"));
        } else {
            folderKey = user.open(bytes(folder, "folderKey"));
        }
        byte[] recordKey = Aes256Gcm.decrypt(folderKey, bytes(record, "recordKey"));
        return new String(Aes256Gcm.decrypt(recordKey, bytes(record, "data")), StandardCharsets.UTF_8);
    }

    static void assertError(CastellanException e, ErrorCode code) {
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
    }

    @Test
    void teamCommandsAreRegistered() {
        assertThat(vault.registry.access.get("team_public_key")).isEqualTo(ApiRegistry.Access.SESSION);
        for (String command : List.of("enterprise_team_add", "enterprise_team_member", "enterprise_team_edit",
                "enterprise_team_remove", "enterprise_team_list", "enterprise_team_keys",
                "enterprise_team_member_key")) {
            assertThat(vault.registry.access.get(command)).as(command).isEqualTo(ApiRegistry.Access.ADMIN);
        }
    }

    @Test
    void teamMembersSeeAndDecryptTheFolderPendingOnesOnlyOnceCompleted() {
        String teamUid = createTeam();
        TestFolder folder = shareFolderWithTeam(false, false);
        TestRecord record = vault.addRecord(owner, "{\"title\":\"db\",\"password\":\"team-secret\"}", folder, true,
                null);

        ObjectNode annSync = vault.sync(ann);
        JsonNode annFolder = VaultFixture.folders(annSync).get(folder.uid());
        assertThat(annFolder.get("keyType").textValue()).isEqualTo("team_key");
        assertThat(annFolder.get("teamUid").textValue()).isEqualTo(teamUid);
        assertThat(annFolder.get("canEdit").booleanValue()).isFalse();
        assertThat(openRecord(ann, annSync, record.uid())).isEqualTo(record.plaintext());

        // ben is pending: no folder, no record, no team key
        ObjectNode benSync = vault.sync(ben);
        assertThat(benSync.get("folders")).isEmpty();
        assertThat(benSync.get("records")).isEmpty();
        assertThat(benSync.get("teams")).isEmpty();
        assertError(vault.fail(ben, "record_get", json().put("uid", record.uid())), ErrorCode.NOT_FOUND);

        // the administrator's client completes ben from the listing
        JsonNode team = vault.call(admin, "enterprise_team_list", json()).get("teams").get(0);
        assertThat(team.get("name").textValue()).isEqualTo("Ops");
        JsonNode pending = null;
        for (JsonNode m : team.get("members")) {
            if (m.get("pending").booleanValue()) {
                pending = m;
            }
        }
        assertThat(pending.get("email").textValue()).isEqualTo(ben.email());
        byte[] adminCopy = admin.open(bytes(team, "adminTeamKey"));
        assertThat(adminCopy).isEqualTo(teamKey);
        vault.call(admin, "enterprise_team_member_key", json().put("team", teamUid).put("email", ben.email())
                .put("encryptedTeamKey", b64(Ecies.seal(bytes(pending, "publicKey"), adminCopy))));
        assertError(vault.fail(admin, "enterprise_team_member_key", json().put("team", teamUid)
                .put("email", ben.email()).put("encryptedTeamKey", b64(ben.sealTo(teamKey)))), ErrorCode.CONFLICT);
        assertThat(openRecord(ben, vault.sync(ben), record.uid())).isEqualTo(record.plaintext());

        // carol, outside the team, sees nothing
        assertThat(vault.sync(carol).get("folders")).isEmpty();
        assertError(vault.fail(carol, "record_get", json().put("uid", record.uid())), ErrorCode.NOT_FOUND);
    }

    @Test
    void teamPermissionsApplyToMembersAndUniteWithDirectMembership() {
        createTeam();
        TestFolder folder = shareFolderWithTeam(true, false);
        TestRecord record = vault.addRecord(owner, "{\"title\":\"v1\"}", folder, true, null);

        // canEdit through the team: ann may update the record
        TestRecord v2 = new TestRecord(record.uid(), record.recordKey(), "{\"title\":\"v2\"}");
        vault.call(ann, "record_update", json().put("uid", record.uid()).put("revision", 1)
                .put("data", b64(v2.encrypted())));
        // but not manage users or records of the folder
        assertError(vault.fail(ann, "folder_member_add", json().put("folderUid", folder.uid())
                .put("email", carol.email()).put("folderKey", b64(carol.sealTo(folder.folderKey())))
                .put("manageRecords", false).put("manageUsers", false).put("canEdit", false)
                .put("canShare", false)), ErrorCode.FORBIDDEN);
        assertError(vault.fail(ann, "record_delete", json().set("uids", VaultFixture.NODES.arrayNode()
                .add(record.uid()))), ErrorCode.FORBIDDEN);
        assertThat(VaultFixture.records(vault.sync(ann)).get(record.uid()).get("canEdit").booleanValue()).isTrue();

        // a direct membership with manageUsers but no edit: the union applies, and the user's own key is offered
        vault.addMember(owner, folder, ann, false, true, false, false);
        ObjectNode sync = vault.sync(ann);
        JsonNode f = VaultFixture.folders(sync).get(folder.uid());
        assertThat(f.get("keyType").textValue()).isEqualTo("public_key");
        assertThat(f.get("canEdit").booleanValue()).isTrue();
        assertThat(f.get("manageUsers").booleanValue()).isTrue();
        assertThat(sync.get("folders")).hasSize(1);
        assertThat(openRecord(ann, sync, record.uid())).isEqualTo(v2.plaintext());
        // ann manages users now: she sees the team among the folder's members and may add carol
        assertThat(sync.get("sharedFolderTeams")).singleElement()
                .satisfies(t -> assertThat(t.get("name").textValue()).isEqualTo("Ops"));
        vault.addMember(ann, folder, carol, false, false, false, false);
    }

    @Test
    void removingTheMemberTheTeamFromTheFolderOrTheTeamEndsVisibilityAtOnce() {
        String teamUid = createTeam();
        vault.call(admin, "enterprise_team_member", json().put("team", "Ops").put("email", ben.email())
                .put("encryptedTeamKey", b64(ben.sealTo(teamKey))));
        TestFolder folder = shareFolderWithTeam(false, false);
        TestRecord record = vault.addRecord(owner, "{\"title\":\"x\"}", folder, true, null);
        assertThat(openRecord(ben, vault.sync(ben), record.uid())).isEqualTo(record.plaintext());

        vault.call(admin, "enterprise_team_member", json().put("team", "Ops").put("email", ben.email())
                .put("remove", true));
        assertThat(vault.sync(ben).get("folders")).isEmpty();
        assertError(vault.fail(ben, "record_get", json().put("uid", record.uid())), ErrorCode.NOT_FOUND);

        // the owner takes the folder from the team: ann loses it
        assertThat(openRecord(ann, vault.sync(ann), record.uid())).isEqualTo(record.plaintext());
        vault.call(owner, "folder_member_remove", json().put("folderUid", folder.uid()).put("team", teamUid));
        assertThat(vault.sync(ann).get("records")).isEmpty();
        assertError(vault.fail(owner, "folder_member_remove", json().put("folderUid", folder.uid())
                .put("team", teamUid)), ErrorCode.NOT_FOUND);

        // shared again, then the team is deleted: ann loses it, the owner keeps everything
        shareFolderWithTeam(false, false);
        TestFolder second = shareFolderWithTeam(false, false);
        assertThat(vault.sync(ann).get("folders")).hasSize(2);
        vault.call(admin, "enterprise_team_remove", json().put("team", "Ops"));
        assertThat(vault.sync(ann).get("folders")).isEmpty();
        assertThat(VaultFixture.folders(vault.sync(owner))).containsKey(second.uid());
        assertError(vault.fail(owner, "team_public_key", json().put("team", "Ops")), ErrorCode.NOT_FOUND);
    }

    @Test
    void refusals() {
        TestFolder folder = vault.addFolder(owner, "shared", null);
        vault.call(admin, "enterprise_team_add", json().put("name", "Keyless"));
        // a team without keys cannot be given a folder
        assertError(vault.fail(owner, "team_public_key", json().put("team", "Keyless")),
                ErrorCode.VALIDATION_FAILED);
        assertError(vault.fail(owner, "folder_member_add", json().put("folderUid", folder.uid())
                .put("team", "Keyless").put("folderKey", b64(owner.sealTo(folder.folderKey())))
                .put("manageRecords", false).put("manageUsers", false).put("canEdit", false)
                .put("canShare", false)), ErrorCode.VALIDATION_FAILED);
        assertError(vault.fail(owner, "team_public_key", json().put("team", "Nobody")), ErrorCode.NOT_FOUND);
        CastellanException both = vault.fail(owner, "folder_member_remove", json().put("folderUid", folder.uid())
                .put("team", "Keyless").put("email", ann.email()));
        assertError(both, ErrorCode.BAD_REQUEST);
        // keys are given once
        byte[] key = random(32);
        KeyPair pair = EcKeys.generateKeyPair();
        ObjectNode keys = json().put("team", "Keyless")
                .put("publicKey", b64(EcKeys.rawPublicKey((ECPublicKey) pair.getPublic())))
                .put("encryptedPrivateKey", b64(Aes256Gcm.encrypt(key,
                        EcKeys.pkcs8((ECPrivateKey) pair.getPrivate()))))
                .put("adminTeamKey", b64(admin.sealTo(key)));
        vault.call(admin, "enterprise_team_keys", keys);
        assertError(vault.fail(admin, "enterprise_team_keys", keys), ErrorCode.CONFLICT);
        // malformed key material is refused before anything is stored
        assertError(vault.fail(admin, "enterprise_team_add", json().put("name", "Bad")
                .put("publicKey", b64(random(65))).put("encryptedPrivateKey", b64(random(100)))
                .put("adminTeamKey", b64(random(125)))), ErrorCode.BAD_REQUEST);
        assertError(vault.fail(admin, "enterprise_team_add", json().put("name", "Half")
                .put("adminTeamKey", b64(random(125)))), ErrorCode.BAD_REQUEST);
        assertError(vault.fail(admin, "enterprise_team_member", json().put("team", "Keyless")
                .put("email", ann.email()).put("encryptedTeamKey", b64(random(20)))), ErrorCode.BAD_REQUEST);
        assertError(vault.fail(admin, "enterprise_team_member", json().put("team", "Half")
                .put("email", ann.email())), ErrorCode.NOT_FOUND);
        vault.call(admin, "enterprise_team_add", json().put("name", "StillKeyless"));
        assertError(vault.fail(admin, "enterprise_team_member", json().put("team", "StillKeyless")
                .put("email", ann.email()).put("encryptedTeamKey", b64(ann.sealTo(key)))),
                ErrorCode.VALIDATION_FAILED);
        vault.call(admin, "enterprise_team_remove", json().put("team", "StillKeyless"));
        assertThat(vault.call(admin, "enterprise_team_list", json()).get("teams")).hasSize(1);
        // renaming
        vault.call(admin, "enterprise_team_edit", json().put("team", "Keyless").put("name", "Keyed"));
        assertThat(vault.call(owner, "team_public_key", json().put("team", "Keyed")).get("name").textValue())
                .isEqualTo("Keyed");
    }

    @Test
    void theStoreNeverHoldsATeamKeyFolderKeyOrRecordInTheClear() throws Exception {
        createTeam();
        TestFolder folder = shareFolderWithTeam(true, false);
        TestRecord record = vault.addRecord(owner, "{\"title\":\"canary\",\"password\":\"CANARY-team-7f3a9\"}",
                folder, true, null);
        assertThat(openRecord(ann, vault.sync(ann), record.uid())).isEqualTo(record.plaintext());

        byte[] teamScalar = ((ECPrivateKey) teamPair.getPrivate()).getS().toByteArray();
        Map<String, byte[]> secrets = Map.of("team key", teamKey, "team private key",
                EcKeys.pkcs8((ECPrivateKey) teamPair.getPrivate()), "team private scalar", teamScalar,
                "folder key", folder.folderKey(), "record key", record.recordKey(),
                "record canary", "CANARY-team-7f3a9".getBytes(StandardCharsets.UTF_8));
        List<byte[]> cells = everyCell();
        assertThat(cells).isNotEmpty();
        for (Map.Entry<String, byte[]> secret : secrets.entrySet()) {
            byte[] raw = secret.getValue();
            byte[] base64 = Base64s.encode(raw).getBytes(StandardCharsets.US_ASCII);
            byte[] hex = HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII);
            for (byte[] cell : cells) {
                assertThat(indexOf(cell, raw)).as(secret.getKey() + " in the store").isNegative();
                assertThat(indexOf(cell, base64)).as(secret.getKey() + " (base64) in the store").isNegative();
                assertThat(indexOf(cell, hex)).as(secret.getKey() + " (hex) in the store").isNegative();
            }
        }
    }

    /** Every cell of every table of the store, as bytes (binary columns raw, others as their text). */
    private List<byte[]> everyCell() {
        return store.read(h -> {
            try {
                return cells(h.getConnection());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<byte[]> cells(java.sql.Connection connection) throws java.sql.SQLException {
        {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = connection.getMetaData().getTables(null, connection.getSchema(), "%",
                    new String[] {"TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema == null || !schema.startsWith("pg_") && !"information_schema".equals(schema)) {
                        tables.add(rs.getString("TABLE_NAME"));
                    }
                }
            }
            List<byte[]> cells = new ArrayList<>();
            for (String table : tables) {
                if (table.startsWith("sqlite_")) {
                    continue;
                }
                try (var statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int c = 1; c <= meta.getColumnCount(); c++) {
                            Object value = rs.getObject(c);
                            if (value instanceof byte[] b) {
                                cells.add(b);
                            } else if (value != null) {
                                cells.add(value.toString().getBytes(StandardCharsets.UTF_8));
                            }
                        }
                    }
                }
            }
            return cells;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
