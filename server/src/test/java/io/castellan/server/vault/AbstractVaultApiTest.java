package io.castellan.server.vault;

import static io.castellan.server.vault.VaultFixture.b64;
import static io.castellan.server.vault.VaultFixture.bytes;
import static io.castellan.server.vault.VaultFixture.json;
import static io.castellan.server.vault.VaultFixture.random;
import static io.castellan.server.vault.VaultFixture.records;
import static io.castellan.server.vault.VaultFixture.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Uids;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.server.api.ApiRegistry;
import io.castellan.server.vault.VaultFixture.TestFolder;
import io.castellan.server.vault.VaultFixture.TestRecord;
import io.castellan.server.vault.VaultFixture.TestUser;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import io.castellan.store.UserStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault commands against a real store, written once and run on SQLite and PostgreSQL by two small subclasses.
 * Commands are called directly through a test registry (the envelope is tested elsewhere); the test side uses real
 * crypto to wrap, seal and open keys, so a passing test proves the server relays exactly the right key.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class AbstractVaultApiTest {

    static final int SMALL_ATTACHMENT_LIMIT = 4096;

    @TempDir
    Path tempDir;

    Store store;
    VaultFixture vault;

    /** A config naming a new, empty database. */
    protected abstract StoreConfig freshConfig(Path dataDir);

    @BeforeEach
    void openStore() {
        store = Store.open(freshConfig(tempDir.resolve("data")));
        VaultLimits d = VaultLimits.defaults();
        vault = new VaultFixture(store, new VaultLimits(SMALL_ATTACHMENT_LIMIT, d.maxRecordDataBytes(),
                d.maxFolderDataBytes(), d.maxAttachmentMetaBytes(), d.maxLinks(), d.maxBatch()));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static void assertError(CastellanException e, ErrorCode code) {
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
    }

    static void assertBadRequest(CastellanException e, String field) {
        assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.detail(CastellanException.DETAIL_FIELD)).contains(field);
    }

    @Test
    void everyVaultCommandIsRegisteredWithASession() {
        assertThat(vault.registry.commands.keySet()).containsExactlyInAnyOrderElementsOf(VaultApi.COMMANDS);
        assertThat(vault.registry.access.values()).containsOnly(ApiRegistry.Access.SESSION);
        assertThat(VaultApi.COMMANDS).hasSize(17);
        // a small attachment limit fits the default body limit; the default 10 MiB one needs its own
        assertThat(vault.registry.maxBodyBytes.get("attachment_upload")).isEqualTo(VaultFixture.DEFAULT_BODY_LIMIT);
        VaultFixture.TestRegistry big = new VaultFixture.TestRegistry();
        VaultApi.register(big, store, vault.audit, vault.clock, VaultLimits.defaults());
        assertThat(big.maxBodyBytes.get("attachment_upload"))
                .isGreaterThan(VaultLimits.DEFAULT_MAX_ATTACHMENT_BYTES * 4L / 3);
        assertThat(big.maxBodyBytes.get("record_add")).isEqualTo(VaultFixture.DEFAULT_BODY_LIMIT);
    }

    @Test
    void addGetUpdateConflictHistoryDelete() {
        TestUser alice = vault.user("alice");
        TestRecord record = vault.addRecord(alice, "{\"title\":\"db\",\"v\":1}");

        ObjectNode got = vault.get(alice, record.uid());
        assertThat(got.get("revision").longValue()).isEqualTo(1);
        assertThat(got.get("keyType").textValue()).isEqualTo("data_key");
        assertThat(got.get("ownerUid").textValue()).isEqualTo(alice.uid());
        assertThat(got.get("canEdit").booleanValue()).isTrue();
        assertThat(got.get("canShare").booleanValue()).isTrue();
        assertThat(got.get("expiresAt").isNull()).isTrue();
        byte[] recordKey = alice.unwrap(bytes(got, "recordKey"));
        assertThat(recordKey).isEqualTo(record.recordKey());
        assertThat(record.decrypt(bytes(got, "data"))).isEqualTo("{\"title\":\"db\",\"v\":1}");

        TestRecord v2 = new TestRecord(record.uid(), record.recordKey(), "{\"title\":\"db\",\"v\":2}");
        ObjectNode updated = vault.call(alice, "record_update", json().put("uid", record.uid()).put("revision", 1)
                .put("data", b64(v2.encrypted())));
        assertThat(updated.get("revision").longValue()).isEqualTo(2);

        TestRecord v3 = new TestRecord(record.uid(), record.recordKey(), "{\"title\":\"db\",\"v\":3}");
        CastellanException stale = vault.fail(alice, "record_update", json().put("uid", record.uid())
                .put("revision", 1).put("data", b64(v3.encrypted())));
        assertError(stale, ErrorCode.CONFLICT);
        assertThat(stale.detail(CastellanException.DETAIL_REVISION)).contains("2");
        assertThat(record.decrypt(bytes(vault.get(alice, record.uid()), "data"))).contains("\"v\":2");

        JsonNode revisions = vault.call(alice, "record_history", json().put("uid", record.uid())).get("revisions");
        assertThat(revisions).hasSize(1);
        assertThat(revisions.get(0).get("revision").longValue()).isEqualTo(1);
        assertThat(revisions.get(0).get("modifiedAt").isIntegralNumber()).isTrue();
        assertThat(record.decrypt(bytes(revisions.get(0), "data"))).isEqualTo("{\"title\":\"db\",\"v\":1}");

        vault.call(alice, "record_delete", json().set("uids", json().arrayNode().add(record.uid())));
        assertError(vault.fail(alice, "record_get", json().put("uid", record.uid())), ErrorCode.NOT_FOUND);
        assertError(vault.fail(alice, "record_history", json().put("uid", record.uid())), ErrorCode.NOT_FOUND);
        assertThat(records(vault.sync(alice))).isEmpty();
        // soft delete: the row stays, marked deleted
        assertThat(vault.count("records", "uid = :uid AND deleted = TRUE", record.uid())).isEqualTo(1);

        assertError(vault.fail(alice, "record_add", json().put("uid", record.uid()).put("data", b64(random(40)))
                .put("recordKey", b64(random(60))).put("keyType", "data_key")), ErrorCode.CONFLICT);
    }

    @Test
    void aStrangerGetsNotFoundForEverything() {
        TestUser alice = vault.user("alice");
        TestUser mallory = vault.user("mallory");
        TestRecord record = vault.addRecord(alice, "{\"secret\":1}");
        String uid = record.uid();
        String missing = Uids.newUid();
        for (String target : List.of(uid, missing)) {
            assertError(vault.fail(mallory, "record_get", json().put("uid", target)), ErrorCode.NOT_FOUND);
            assertError(vault.fail(mallory, "record_history", json().put("uid", target)), ErrorCode.NOT_FOUND);
            assertError(vault.fail(mallory, "record_update", json().put("uid", target).put("revision", 1)
                    .put("data", b64(random(40)))), ErrorCode.NOT_FOUND);
            assertError(vault.fail(mallory, "record_delete", json().set("uids", json().arrayNode().add(target))),
                    ErrorCode.NOT_FOUND);
            assertError(vault.fail(mallory, "record_move", json().put("uid", target)
                    .put("recordKey", b64(random(60))).put("keyType", "data_key")), ErrorCode.NOT_FOUND);
            assertError(vault.fail(mallory, "record_share", json().put("uid", target).put("email", mallory.email())
                    .put("recordKey", b64(random(125))).put("canEdit", false).put("canShare", false)),
                    ErrorCode.NOT_FOUND);
            assertError(vault.fail(mallory, "attachment_upload", json().put("recordUid", target)
                    .put("uid", Uids.newUid()).put("encryptedFileKey", b64(random(60)))
                    .put("encryptedMeta", b64(random(40))).put("data", b64(random(100)))), ErrorCode.NOT_FOUND);
        }
        assertThat(records(vault.sync(mallory))).isEmpty();
        // nothing changed
        assertThat(vault.get(alice, uid).get("revision").longValue()).isEqualTo(1);
    }

    @Test
    void directShareViewOnlyThenWithEdit() {
        TestUser alice = vault.user("alice");
        TestUser bob = vault.user("bob");
        TestRecord record = vault.addRecord(alice, "{\"password\":\"hunter2\"}");
        vault.share(alice, record, bob, false, false, null);

        JsonNode entry = records(vault.sync(bob)).get(record.uid());
        assertThat(entry).isNotNull();
        assertThat(entry.get("keyType").textValue()).isEqualTo("public_key");
        assertThat(entry.get("canEdit").booleanValue()).isFalse();
        assertThat(entry.get("canShare").booleanValue()).isFalse();
        assertThat(entry.get("folderUid").isNull()).isTrue();
        // bob opens the sealed key with his private key and reads the record: the server passed the right key
        byte[] key = bob.open(bytes(entry, "recordKey"));
        assertThat(new String(Aes256Gcm.decrypt(key, bytes(entry, "data")), StandardCharsets.UTF_8))
                .isEqualTo("{\"password\":\"hunter2\"}");

        CastellanException denied = vault.fail(bob, "record_update", json().put("uid", record.uid())
                .put("revision", 1).put("data", b64(record.encrypted())));
        assertError(denied, ErrorCode.FORBIDDEN);
        TestUser carol = vault.user("carol");
        assertError(vault.fail(bob, "record_share", json().put("uid", record.uid()).put("email", carol.email())
                .put("recordKey", b64(carol.sealTo(key))).put("canEdit", false).put("canShare", false)),
                ErrorCode.FORBIDDEN);
        assertError(vault.fail(bob, "record_delete", json().set("uids", json().arrayNode().add(record.uid()))),
                ErrorCode.FORBIDDEN);

        vault.share(alice, record, bob, true, false, null);
        ObjectNode updated = vault.call(bob, "record_update", json().put("uid", record.uid()).put("revision", 1)
                .put("data", b64(new TestRecord(record.uid(), key, "{\"password\":\"new\"}").encrypted())));
        assertThat(updated.get("revision").longValue()).isEqualTo(2);
        assertThat(record.decrypt(bytes(vault.get(alice, record.uid()), "data"))).contains("new");
        // a recipient cannot pass on rights: sharing needs canShare
        assertError(vault.fail(bob, "record_share", json().put("uid", record.uid()).put("email", carol.email())
                .put("recordKey", b64(carol.sealTo(key))).put("canEdit", false).put("canShare", false)),
                ErrorCode.FORBIDDEN);
        // sharing with an inactive user, with oneself, or with a malformed sealed key is refused
        TestUser dave = vault.user("dave", UserStatus.DISABLED);
        assertError(vault.fail(alice, "record_share", json().put("uid", record.uid()).put("email", dave.email())
                .put("recordKey", b64(dave.sealTo(key))).put("canEdit", false).put("canShare", false)),
                ErrorCode.NOT_FOUND);
        assertError(vault.fail(alice, "record_share", json().put("uid", record.uid()).put("email", alice.email())
                .put("recordKey", b64(alice.sealTo(key))).put("canEdit", false).put("canShare", false)),
                ErrorCode.VALIDATION_FAILED);
        assertBadRequest(vault.fail(alice, "record_share", json().put("uid", record.uid())
                .put("email", carol.email()).put("recordKey", b64(random(124))).put("canEdit", false)
                .put("canShare", false)), "recordKey");
    }

    @Test
    void rotateOnExpirationNeedsAnExpiryAndARecordWithRotationSettings() {
        TestUser alice = vault.user("alice");
        TestUser bob = vault.user("bob");
        TestRecord record = vault.addRecord(alice, "{\"login\":\"x\"}");
        ObjectNode share = json().put("uid", record.uid()).put("email", bob.email())
                .put("recordKey", b64(bob.sealTo(record.recordKey()))).put("canEdit", false).put("canShare", false)
                .put("rotateOnExpiration", true);
        assertBadRequest(vault.fail(alice, "record_share", share.deepCopy()), "rotateOnExpiration");
        CastellanException noSettings = vault.fail(alice, "record_share", share.deepCopy()
                .put("expiresAt", vault.clock.millis() + 60_000));
        assertError(noSettings, ErrorCode.VALIDATION_FAILED);
        assertThat(noSettings.getMessage()).contains("no rotation settings");
        assertBadRequest(vault.fail(alice, "record_share", share.deepCopy().put("rotateOnExpiration", "yes")
                .put("expiresAt", vault.clock.millis() + 60_000)), "rotateOnExpiration");
        String shareRow = "record_uid = :uid AND holder_kind = 'user' AND holder_uid <> '" + alice.uid() + "'";
        assertThat(vault.count("record_keys", shareRow, record.uid())).as("nothing stored").isZero();
    }

    @Test
    void anExpiredShareIsDeletedByTheSweeperNotJustHidden() throws Exception {
        TestUser alice = vault.user("alice");
        TestUser bob = vault.user("bob");
        TestRecord record = vault.addRecord(alice, "{\"temp\":1}");
        assertBadRequest(vault.fail(alice, "record_share", json().put("uid", record.uid()).put("email", bob.email())
                .put("recordKey", b64(bob.sealTo(record.recordKey()))).put("canEdit", false).put("canShare", false)
                .put("expiresAt", vault.clock.millis() - 1)), "expiresAt");

        long expiresAt = vault.clock.millis() + 60_000;
        vault.share(alice, record, bob, false, false, expiresAt);
        JsonNode entry = vault.get(bob, record.uid());
        assertThat(entry.get("expiresAt").longValue()).isEqualTo(expiresAt);
        String shareRow = "record_uid = :uid AND holder_kind = 'user' AND holder_uid <> '" + alice.uid() + "'";
        assertThat(vault.count("record_keys", shareRow, record.uid())).isEqualTo(1);

        vault.clock.advance(61_000);
        // read paths ignore the expired row at once ...
        assertError(vault.fail(bob, "record_get", json().put("uid", record.uid())), ErrorCode.NOT_FOUND);
        assertThat(records(vault.sync(bob))).isEmpty();
        // ... and the sweeper deletes it
        try (VaultMaintenance sweeper = VaultMaintenance.start(store, vault.audit, vault.clock,
                Duration.ofMillis(50))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (vault.count("record_keys", shareRow, record.uid()) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(vault.count("record_keys", shareRow, record.uid())).isZero();
        assertThat(vault.count("audit_events", "event_type = 'record_share_expired' AND actor = 'system'"
                + " AND subject_uids LIKE '%' || :uid || '%'", record.uid())).isEqualTo(1);
        // the owner keeps the record
        assertThat(vault.get(alice, record.uid()).get("keyType").textValue()).isEqualTo("data_key");
    }

    @Test
    void aFailingAuditKeepsTheExpiredShareUntilASweepSucceeds() {
        TestUser alice = vault.user("alice");
        TestUser bob = vault.user("bob");
        TestRecord record = vault.addRecord(alice, "{\"temp\":2}");
        vault.share(alice, record, bob, false, false, vault.clock.millis() + 1000);
        vault.clock.advance(2000);
        VaultMaintenance maintenance = new VaultMaintenance(store, vault.audit, vault.clock);
        vault.audit.failing.set(true);
        try {
            maintenance.sweepExpiredShares();
            throw new AssertionError("the sweep should fail with the audit down");
        } catch (CastellanException e) {
            assertError(e, ErrorCode.AUDIT_UNAVAILABLE);
        }
        String shareRow = "record_uid = :uid AND holder_kind = 'user' AND holder_uid = '" + bob.uid() + "'";
        assertThat(vault.count("record_keys", shareRow, record.uid())).isEqualTo(1);
        assertError(vault.fail(bob, "record_get", json().put("uid", record.uid())), ErrorCode.NOT_FOUND);
        vault.audit.failing.set(false);
        assertThat(maintenance.sweepExpiredShares()).isEqualTo(1);
        assertThat(vault.count("record_keys", shareRow, record.uid())).isZero();
    }

    @Test
    void unshareDeletesTheRecipientsKey() {
        TestUser alice = vault.user("alice");
        TestUser bob = vault.user("bob");
        TestRecord record = vault.addRecord(alice, "{\"x\":1}");
        vault.share(alice, record, bob, true, true, null);
        assertThat(vault.get(bob, record.uid()).get("canShare").booleanValue()).isTrue();

        vault.call(alice, "record_unshare", json().put("uid", record.uid()).put("email", bob.email()));
        assertThat(vault.count("record_keys", "record_uid = :uid AND holder_uid = '" + bob.uid() + "'",
                record.uid())).isZero();
        assertError(vault.fail(bob, "record_get", json().put("uid", record.uid())), ErrorCode.NOT_FOUND);
        assertError(vault.fail(alice, "record_unshare", json().put("uid", record.uid()).put("email", bob.email())),
                ErrorCode.NOT_FOUND);
        assertError(vault.fail(alice, "record_unshare", json().put("uid", record.uid()).put("email", alice.email())),
                ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void sharedFolderMembership() {
        TestUser alice = vault.user("alice");
        TestUser bob = vault.user("bob");
        TestFolder folder = vault.addFolder(alice, "shared", null);
        TestRecord record = vault.addRecord(alice, "{\"host\":\"db1\"}", folder, true, null);
        vault.addMember(alice, folder, bob, false, false, false, false);

        ObjectNode sync = vault.sync(bob);
        JsonNode folderEntry = VaultFixture.folders(sync).get(folder.uid());
        assertThat(folderEntry.get("kind").textValue()).isEqualTo("shared");
        assertThat(folderEntry.get("keyType").textValue()).isEqualTo("public_key");
        byte[] folderKey = bob.open(bytes(folderEntry, "folderKey"));
        assertThat(folderKey).isEqualTo(folder.folderKey());
        JsonNode entry = records(sync).get(record.uid());
        assertThat(entry.get("keyType").textValue()).isEqualTo("folder_key");
        assertThat(entry.get("folderUid").textValue()).isEqualTo(folder.uid());
        assertThat(entry.get("canEdit").booleanValue()).isFalse();
        byte[] recordKey = Aes256Gcm.decrypt(folderKey, bytes(entry, "recordKey"));
        assertThat(new String(Aes256Gcm.decrypt(recordKey, bytes(entry, "data")), StandardCharsets.UTF_8))
                .isEqualTo("{\"host\":\"db1\"}");
        // bob manages nothing, so he sees no member list; alice sees both members
        assertThat(sync.get("sharedFolderMembers")).isEmpty();
        JsonNode members = vault.sync(alice).get("sharedFolderMembers");
        assertThat(texts(members, "email")).containsExactlyInAnyOrder(alice.email(), bob.email());
        assertThat(VaultFixture.folders(vault.sync(alice)).get(folder.uid()).get("keyType").textValue())
                .isEqualTo("data_key");

        // no canEdit: no update; no manageRecords: no add; no manageUsers: no member changes
        assertError(vault.fail(bob, "record_update", json().put("uid", record.uid()).put("revision", 1)
                .put("data", b64(record.encrypted()))), ErrorCode.FORBIDDEN);
        CastellanException add = vault.fail(bob, "record_add", json().put("uid", Uids.newUid())
                .put("data", b64(random(40))).put("recordKey", b64(Aes256Gcm.encrypt(folderKey, random(32))))
                .put("keyType", "folder_key").put("folderUid", folder.uid()));
        assertError(add, ErrorCode.FORBIDDEN);
        TestUser carol = vault.user("carol");
        assertError(vault.fail(bob, "folder_member_add", json().put("folderUid", folder.uid())
                .put("email", carol.email()).put("folderKey", b64(carol.sealTo(folderKey)))
                .put("manageRecords", true).put("manageUsers", true).put("canEdit", true).put("canShare", true)),
                ErrorCode.FORBIDDEN);
        // a record added to a shared folder needs folder_key wrapping
        assertBadRequest(vault.fail(alice, "record_add", json().put("uid", Uids.newUid())
                .put("data", b64(random(40))).put("recordKey", b64(alice.wrap(random(32))))
                .put("keyType", "data_key").put("folderUid", folder.uid())), "keyType");

        // with canEdit and manageRecords bob can edit and add
        vault.addMember(alice, folder, bob, true, false, true, false);
        vault.call(bob, "record_update", json().put("uid", record.uid()).put("revision", 1)
                .put("data", b64(record.encrypted())));
        TestRecord bobs = vault.addRecord(bob, "{\"by\":\"bob\"}", folder, true, null);
        assertThat(records(vault.sync(alice))).containsKeys(record.uid(), bobs.uid());

        // removing bob removes his access to every record of the folder, his own included
        vault.call(alice, "folder_member_remove", json().put("folderUid", folder.uid()).put("email", bob.email()));
        assertError(vault.fail(bob, "record_get", json().put("uid", record.uid())), ErrorCode.NOT_FOUND);
        ObjectNode after = vault.sync(bob);
        assertThat(records(after)).isEmpty();
        assertThat(after.get("folders")).isEmpty();
        assertThat(vault.count("folder_keys", "folder_uid = :uid", folder.uid())).isEqualTo(1);
        // the owner cannot be removed
        TestUser admin = vault.user("admin");
        vault.addMember(alice, folder, admin, false, true, false, false);
        assertError(vault.fail(admin, "folder_member_remove", json().put("folderUid", folder.uid())
                .put("email", alice.email())), ErrorCode.FORBIDDEN);
        // a stranger does not see the folder at all
        assertError(vault.fail(carol, "folder_member_add", json().put("folderUid", folder.uid())
                .put("email", carol.email()).put("folderKey", b64(carol.sealTo(folderKey)))
                .put("manageRecords", true).put("manageUsers", true).put("canEdit", true).put("canShare", true)),
                ErrorCode.NOT_FOUND);
    }

    @Test
    void aLinkedCredentialIsNotSharedWithTheResource() {
        TestUser alice = vault.user("alice");
        TestUser bob = vault.user("bob");
        TestRecord pamUser = vault.addRecord(alice, "{\"type\":\"pamUser\",\"password\":\"p4ss\"}");
        ObjectNode links = json();
        links.putArray("links").addObject().put("uid", pamUser.uid()).put("kind", "admin_credential");
        TestRecord database = vault.addRecord(alice, "{\"type\":\"pamDatabase\"}", null, false, links);
        vault.share(alice, database, bob, false, false, null);

        Map<String, JsonNode> bobs = records(vault.sync(bob));
        assertThat(bobs).containsOnlyKeys(database.uid());
        JsonNode link = bobs.get(database.uid()).get("links").get(0);
        assertThat(link.get("uid").textValue()).isEqualTo(pamUser.uid());
        assertThat(link.get("kind").textValue()).isEqualTo("admin_credential");
        assertError(vault.fail(bob, "record_get", json().put("uid", pamUser.uid())), ErrorCode.NOT_FOUND);
        assertThat(vault.get(bob, database.uid()).get("links")).hasSize(1);

        // links are replaced on update when given, kept when not
        vault.call(alice, "record_update", json().put("uid", database.uid()).put("revision", 1)
                .put("data", b64(database.encrypted())));
        assertThat(vault.get(alice, database.uid()).get("links")).hasSize(1);
        ObjectNode noLinks = json().put("uid", database.uid()).put("revision", 2)
                .put("data", b64(database.encrypted()));
        noLinks.putArray("links");
        vault.call(alice, "record_update", noLinks);
        assertThat(vault.get(alice, database.uid()).get("links")).isEmpty();

        // a link to a record that does not exist, a bad kind, a bad UID
        ObjectNode dangling = json();
        dangling.putArray("links").addObject().put("uid", Uids.newUid()).put("kind", "admin_credential");
        assertError(vault.fail(alice, "record_add", dangling.put("uid", Uids.newUid()).put("data", b64(random(40)))
                .put("recordKey", b64(random(60))).put("keyType", "data_key")), ErrorCode.VALIDATION_FAILED);
        ObjectNode badKind = json();
        badKind.putArray("links").addObject().put("uid", pamUser.uid()).put("kind", "Admin Credential");
        assertBadRequest(vault.fail(alice, "record_add", badKind.put("uid", Uids.newUid())
                .put("data", b64(random(40))).put("recordKey", b64(random(60))).put("keyType", "data_key")),
                "links[0].kind");
        ObjectNode badUid = json();
        badUid.putArray("links").addObject().put("uid", "not-a-uid").put("kind", "admin_credential");
        assertBadRequest(vault.fail(alice, "record_add", badUid.put("uid", Uids.newUid())
                .put("data", b64(random(40))).put("recordKey", b64(random(60))).put("keyType", "data_key")),
                "links[0].uid");
    }

    @Test
    void moveBetweenRootUserFolderAndSharedFolder() {
        TestUser alice = vault.user("alice");
        TestUser bob = vault.user("bob");
        TestFolder personal = vault.addFolder(alice, "user", null);
        TestFolder shared = vault.addFolder(alice, "shared", personal);
        vault.addMember(alice, shared, bob, false, false, true, false);
        TestRecord record = vault.addRecord(alice, "{\"m\":1}");

        vault.call(alice, "record_move", json().put("uid", record.uid()).put("folderUid", personal.uid())
                .put("recordKey", b64(alice.wrap(record.recordKey()))).put("keyType", "data_key"));
        assertThat(vault.get(alice, record.uid()).get("folderUid").textValue()).isEqualTo(personal.uid());
        assertError(vault.fail(bob, "record_get", json().put("uid", record.uid())), ErrorCode.NOT_FOUND);

        assertBadRequest(vault.fail(alice, "record_move", json().put("uid", record.uid())
                .put("folderUid", shared.uid()).put("recordKey", b64(alice.wrap(record.recordKey())))
                .put("keyType", "data_key")), "keyType");
        vault.call(alice, "record_move", json().put("uid", record.uid()).put("folderUid", shared.uid())
                .put("recordKey", b64(Aes256Gcm.encrypt(shared.folderKey(), record.recordKey())))
                .put("keyType", "folder_key"));
        JsonNode bobs = vault.get(bob, record.uid());
        assertThat(bobs.get("keyType").textValue()).isEqualTo("folder_key");
        assertThat(Aes256Gcm.decrypt(shared.folderKey(), bytes(bobs, "recordKey"))).isEqualTo(record.recordKey());
        JsonNode alices = vault.get(alice, record.uid());
        assertThat(alices.get("keyType").textValue()).isEqualTo("folder_key");
        // the owner's own data_key row went with the move
        assertThat(vault.count("record_keys", "record_uid = :uid", record.uid())).isEqualTo(1);
        // the shared folder shows its parent to its owner only
        assertThat(VaultFixture.folders(vault.sync(alice)).get(shared.uid()).get("parentUid").textValue())
                .isEqualTo(personal.uid());
        assertThat(VaultFixture.folders(vault.sync(bob)).get(shared.uid()).get("parentUid").isNull()).isTrue();

        // bob cannot manage records of the folder, and could not take alice's record into his own vault
        assertError(vault.fail(bob, "record_move", json().put("uid", record.uid())
                .put("recordKey", b64(bob.wrap(record.recordKey()))).put("keyType", "data_key")),
                ErrorCode.FORBIDDEN);
        vault.addMember(alice, shared, bob, true, false, true, false);
        assertError(vault.fail(bob, "record_move", json().put("uid", record.uid())
                .put("recordKey", b64(bob.wrap(record.recordKey()))).put("keyType", "data_key")),
                ErrorCode.FORBIDDEN);

        vault.call(alice, "record_move", json().put("uid", record.uid())
                .put("recordKey", b64(alice.wrap(record.recordKey()))).put("keyType", "data_key"));
        JsonNode back = vault.get(alice, record.uid());
        assertThat(back.get("folderUid").isNull()).isTrue();
        assertThat(back.get("keyType").textValue()).isEqualTo("data_key");
        assertThat(alice.unwrap(bytes(back, "recordKey"))).isEqualTo(record.recordKey());
        assertError(vault.fail(bob, "record_get", json().put("uid", record.uid())), ErrorCode.NOT_FOUND);
    }

    @Test
    void attachmentsWithTheSizeLimit() {
        TestUser alice = vault.user("alice");
        TestUser bob = vault.user("bob");
        TestUser mallory = vault.user("mallory");
        TestRecord record = vault.addRecord(alice, "{\"files\":true}");
        byte[] fileKey = random(32);
        byte[] content = random(SMALL_ATTACHMENT_LIMIT - 100);
        byte[] data = Aes256Gcm.encrypt(fileKey, content);
        byte[] meta = Aes256Gcm.encrypt(fileKey, "{\"name\":\"a.txt\"}".getBytes(StandardCharsets.UTF_8));
        String attachmentUid = Uids.newUid();
        ObjectNode upload = json().put("recordUid", record.uid()).put("uid", attachmentUid)
                .put("encryptedFileKey", b64(Aes256Gcm.encrypt(record.recordKey(), fileKey)))
                .put("encryptedMeta", b64(meta)).put("data", b64(data));
        vault.call(alice, "attachment_upload", upload);
        assertError(vault.fail(alice, "attachment_upload", upload), ErrorCode.CONFLICT);

        CastellanException tooLarge = vault.fail(alice, "attachment_upload", json().put("recordUid", record.uid())
                .put("uid", Uids.newUid()).put("encryptedFileKey", b64(random(60))).put("encryptedMeta", b64(meta))
                .put("data", b64(random(SMALL_ATTACHMENT_LIMIT + 1))));
        assertError(tooLarge, ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(tooLarge.code().httpStatus()).isEqualTo(413);
        assertThat(vault.count("attachments", "record_uid = :uid", record.uid())).isEqualTo(1);

        vault.share(alice, record, bob, false, false, null);
        JsonNode listed = records(vault.sync(bob)).get(record.uid()).get("attachments");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("uid").textValue()).isEqualTo(attachmentUid);
        assertThat(listed.get(0).get("size").longValue()).isEqualTo(data.length);
        assertThat(listed.get(0).has("data")).isFalse();

        ObjectNode downloaded = vault.call(bob, "attachment_download", json().put("uid", attachmentUid));
        byte[] bobsRecordKey = bob.open(bytes(vault.get(bob, record.uid()), "recordKey"));
        byte[] bobsFileKey = Aes256Gcm.decrypt(bobsRecordKey, bytes(downloaded, "encryptedFileKey"));
        assertThat(Aes256Gcm.decrypt(bobsFileKey, bytes(downloaded, "data"))).isEqualTo(content);
        assertThat(new String(Aes256Gcm.decrypt(bobsFileKey, bytes(downloaded, "encryptedMeta")),
                StandardCharsets.UTF_8)).contains("a.txt");

        // read-only bob cannot upload; a stranger cannot download
        assertError(vault.fail(bob, "attachment_upload", json().put("recordUid", record.uid())
                .put("uid", Uids.newUid()).put("encryptedFileKey", b64(random(60))).put("encryptedMeta", b64(meta))
                .put("data", b64(random(100)))), ErrorCode.FORBIDDEN);
        assertError(vault.fail(mallory, "attachment_download", json().put("uid", attachmentUid)),
                ErrorCode.NOT_FOUND);
        assertError(vault.fail(mallory, "attachment_download", json().put("uid", Uids.newUid())),
                ErrorCode.NOT_FOUND);
    }

    @Test
    void folderDeleteIsRefusedWhileNotEmpty() {
        TestUser alice = vault.user("alice");
        TestUser bob = vault.user("bob");
        TestFolder parent = vault.addFolder(alice, "user", null);
        TestFolder child = vault.addFolder(alice, "user", parent);
        TestRecord record = vault.addRecord(alice, "{\"f\":1}", child, false, null);

        assertError(vault.fail(alice, "folder_delete", json().put("uid", parent.uid())), ErrorCode.CONFLICT);
        assertError(vault.fail(alice, "folder_delete", json().put("uid", child.uid())), ErrorCode.CONFLICT);
        assertError(vault.fail(bob, "folder_delete", json().put("uid", child.uid())), ErrorCode.NOT_FOUND);
        assertError(vault.fail(bob, "folder_add", json().put("uid", Uids.newUid()).put("kind", "user")
                .put("parentUid", parent.uid()).put("data", b64(random(40))).put("folderKey", b64(random(60)))
                .put("keyType", "data_key")), ErrorCode.NOT_FOUND);

        // a deleted record does not keep the folder alive
        vault.call(alice, "record_delete", json().set("uids", json().arrayNode().add(record.uid())));
        vault.call(alice, "folder_delete", json().put("uid", child.uid()));
        vault.call(alice, "folder_delete", json().put("uid", parent.uid()));
        assertThat(VaultFixture.folders(vault.sync(alice))).isEmpty();
        assertThat(vault.count("folders", "uid = :uid", parent.uid())).isZero();

        // shared folders: only the owner deletes, and only when empty
        TestFolder shared = vault.addFolder(alice, "shared", null);
        vault.addMember(alice, shared, bob, true, true, true, true);
        TestRecord inShared = vault.addRecord(bob, "{\"s\":1}", shared, true, null);
        assertError(vault.fail(bob, "folder_delete", json().put("uid", shared.uid())), ErrorCode.FORBIDDEN);
        assertError(vault.fail(alice, "folder_delete", json().put("uid", shared.uid())), ErrorCode.CONFLICT);
        // a manager of records may delete another member's record in the folder
        vault.call(alice, "record_delete", json().set("uids", json().arrayNode().add(inShared.uid())));
        vault.call(alice, "folder_delete", json().put("uid", shared.uid()));
        assertThat(vault.count("folder_keys", "folder_uid = :uid", shared.uid())).isZero();
        assertThat(VaultFixture.folders(vault.sync(bob))).isEmpty();
        // a folder inside a shared folder needs its key under the shared folder's key (AbstractSubFolderApiTest)
        TestFolder another = vault.addFolder(alice, "shared", null);
        assertError(vault.fail(alice, "folder_add", json().put("uid", Uids.newUid()).put("kind", "user")
                .put("parentUid", another.uid()).put("data", b64(random(40))).put("folderKey", b64(random(60)))
                .put("keyType", "data_key")), ErrorCode.BAD_REQUEST);
    }

    @Test
    void deleteRemovesOtherUsersKeysAndIsAllOrNothing() {
        TestUser alice = vault.user("alice");
        TestUser bob = vault.user("bob");
        TestRecord one = vault.addRecord(alice, "{\"n\":1}");
        TestRecord two = vault.addRecord(bob, "{\"n\":2}");
        vault.share(alice, one, bob, true, true, null);
        // bob may not delete alice's record: the batch fails and his own record survives too
        assertError(vault.fail(bob, "record_delete", json().set("uids", json().arrayNode().add(two.uid())
                .add(one.uid()))), ErrorCode.FORBIDDEN);
        assertThat(vault.get(bob, two.uid()).get("revision").longValue()).isEqualTo(1);

        vault.call(alice, "record_delete", json().set("uids", json().arrayNode().add(one.uid())));
        assertThat(vault.count("record_keys", "record_uid = :uid", one.uid())).isEqualTo(1);
        assertThat(vault.count("record_keys", "record_uid = :uid AND holder_uid = '" + alice.uid() + "'", one.uid()))
                .isEqualTo(1);
        assertError(vault.fail(bob, "record_get", json().put("uid", one.uid())), ErrorCode.NOT_FOUND);
    }

    @Test
    void badInputIsRefusedNamingTheFieldWithoutEchoingIt() {
        TestUser alice = vault.user("alice");
        String canary = "CANARYVALUE";
        assertBadRequest(vault.fail(alice, "record_add", json().put("data", b64(random(40)))
                .put("recordKey", b64(random(60))).put("keyType", "data_key")), "uid");
        assertBadRequest(vault.fail(alice, "record_add", json().put("uid", canary + "xxxxxxxxxxx")
                .put("data", b64(random(40))).put("recordKey", b64(random(60))).put("keyType", "data_key")), "uid");
        CastellanException badData = vault.fail(alice, "record_add", json().put("uid", Uids.newUid())
                .put("data", canary + "!!").put("recordKey", b64(random(60))).put("keyType", "data_key"));
        assertBadRequest(badData, "data");
        assertThat(badData.getMessage()).doesNotContain(canary);
        assertBadRequest(vault.fail(alice, "record_add", json().put("uid", Uids.newUid()).put("data", 12)
                .put("recordKey", b64(random(60))).put("keyType", "data_key")), "data");
        assertBadRequest(vault.fail(alice, "record_add", json().put("uid", Uids.newUid())
                .put("data", b64(random(40))).put("recordKey", b64(random(59))).put("keyType", "data_key")),
                "recordKey");
        assertBadRequest(vault.fail(alice, "record_add", json().put("uid", Uids.newUid())
                .put("data", b64(random(40))).put("recordKey", b64(random(60))).put("keyType", "public_key")),
                "keyType");
        assertBadRequest(vault.fail(alice, "record_add", json().put("uid", Uids.newUid())
                .put("data", b64(random(40))).put("recordKey", b64(random(60))).put("keyType", "data_key")
                .put("folderUid", 7)), "folderUid");
        assertBadRequest(vault.fail(alice, "record_add", json().put("uid", Uids.newUid())
                .put("data", b64(random(40))).put("recordKey", b64(random(60))).put("keyType", "data_key")
                .put("links", "x")), "links");
        assertBadRequest(vault.fail(alice, "record_update", json().put("uid", Uids.newUid())
                .put("revision", "1").put("data", b64(random(40)))), "revision");
        assertBadRequest(vault.fail(alice, "record_delete", json().put("uids", "x")), "uids");
        assertBadRequest(vault.fail(alice, "record_delete", json().set("uids", json().arrayNode().add("bad"))),
                "uids[0]");
        assertBadRequest(vault.fail(alice, "record_share", json().put("uid", Uids.newUid())
                .put("email", "b@example.test").put("recordKey", b64(random(125))).put("canShare", false)),
                "canEdit");
        assertBadRequest(vault.fail(alice, "record_share", json().put("uid", Uids.newUid()).put("email", "nope")
                .put("recordKey", b64(random(125))).put("canEdit", false).put("canShare", false)), "email");
        assertBadRequest(vault.fail(alice, "folder_add", json().put("uid", Uids.newUid()).put("kind", "team")
                .put("data", b64(random(40))).put("folderKey", b64(random(60))).put("keyType", "data_key")), "kind");
        assertBadRequest(vault.fail(alice, "folder_member_add", json().put("folderUid", Uids.newUid())
                .put("email", "b@example.test").put("folderKey", b64(random(125))).put("manageRecords", "yes")
                .put("manageUsers", true).put("canEdit", true).put("canShare", true)), "manageRecords");
        assertBadRequest(vault.fail(alice, "attachment_download", json()), "uid");
        assertError(vault.fail(alice, "record_add", json().put("uid", Uids.newUid())
                .put("data", b64(random(VaultLimits.DEFAULT_MAX_RECORD_DATA_BYTES + 1)))
                .put("recordKey", b64(random(60))).put("keyType", "data_key")), ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(vault.count("records", "owner_uid = :uid", alice.uid())).isZero();
    }

    @Test
    void everyChangeIsAuditedWithoutDataOrKeys() {
        TestUser alice = vault.user("alice");
        TestUser bob = vault.user("bob");
        // canary ciphertext and keys: none of these may reach an audit event in any encoding
        byte[] canaryData = ("CANARY-DATA-" + Uids.newUid()).getBytes(StandardCharsets.UTF_8);
        byte[] canaryKey = random(32);
        TestRecord record = new TestRecord(Uids.newUid(), canaryKey, new String(canaryData, StandardCharsets.UTF_8));
        byte[] encrypted = record.encrypted();
        byte[] wrapped = alice.wrap(canaryKey);
        vault.call(alice, "record_add", json().put("uid", record.uid()).put("data", b64(encrypted))
                .put("recordKey", b64(wrapped)).put("keyType", "data_key"));
        vault.call(alice, "record_update", json().put("uid", record.uid()).put("revision", 1)
                .put("data", b64(encrypted)));
        byte[] sealed = bob.sealTo(canaryKey);
        vault.call(alice, "record_share", json().put("uid", record.uid()).put("email", bob.email())
                .put("recordKey", b64(sealed)).put("canEdit", true).put("canShare", false));
        byte[] attachment = random(200);
        String attachmentUid = Uids.newUid();
        vault.call(alice, "attachment_upload", json().put("recordUid", record.uid()).put("uid", attachmentUid)
                .put("encryptedFileKey", b64(random(60))).put("encryptedMeta", b64(random(40)))
                .put("data", b64(attachment)));
        vault.call(bob, "attachment_download", json().put("uid", attachmentUid));
        vault.call(alice, "record_unshare", json().put("uid", record.uid()).put("email", bob.email()));
        TestFolder folder = vault.addFolder(alice, "shared", null);
        vault.addMember(alice, folder, bob, true, true, true, true);
        vault.call(alice, "record_move", json().put("uid", record.uid()).put("folderUid", folder.uid())
                .put("recordKey", b64(Aes256Gcm.encrypt(folder.folderKey(), canaryKey))).put("keyType", "folder_key"));
        vault.call(alice, "folder_member_remove", json().put("folderUid", folder.uid()).put("email", bob.email()));
        vault.call(alice, "record_delete", json().set("uids", json().arrayNode().add(record.uid())));
        vault.call(alice, "folder_delete", json().put("uid", folder.uid()));
        TestRecord expiring = vault.addRecord(alice, "{\"e\":1}");
        vault.share(alice, expiring, bob, false, false, vault.clock.millis() + 1000);
        vault.clock.advance(2000);
        new VaultMaintenance(store, vault.audit, vault.clock).sweepExpiredShares();

        List<String> types = store.read(h -> h.createQuery("SELECT event_type FROM audit_events ORDER BY seq")
                .mapTo(String.class).list());
        assertThat(types).contains("record_created", "record_updated", "record_deleted", "record_moved",
                "record_shared", "record_unshared", "record_share_expired", "folder_created", "folder_deleted",
                "folder_member_added", "folder_member_removed", "attachment_uploaded", "attachment_downloaded");
        String details = store.read(h -> h.createQuery("SELECT details_json FROM audit_events WHERE event_type = "
                + "'record_shared' ORDER BY seq LIMIT 1").mapTo(String.class).one());
        assertThat(details).contains("\"canEdit\":\"true\"").contains("\"expiresAt\":\"never\"");
        String downloader = store.read(h -> h.createQuery("SELECT actor FROM audit_events WHERE event_type = "
                + "'attachment_downloaded'").mapTo(String.class).one());
        assertThat(downloader).isEqualTo(bob.uid());

        List<String> rows = store.read(h -> h.createQuery("SELECT * FROM audit_events").map((rs, ctx) -> {
            StringBuilder row = new StringBuilder();
            for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                row.append(rs.getString(c)).append('|');
            }
            return row.toString();
        }).list());
        assertThat(rows).isNotEmpty();
        for (byte[] secret : List.of(canaryData, canaryKey, encrypted, wrapped, sealed, attachment)) {
            String[] spellings = {b64(secret), HexFormat.of().formatHex(secret),
                HexFormat.of().formatHex(secret).toUpperCase(Locale.ROOT),
                new String(secret, StandardCharsets.ISO_8859_1)};
            for (String row : rows) {
                for (String spelling : spellings) {
                    assertThat(row).doesNotContain(spelling.substring(0, Math.min(spelling.length(), 24)));
                }
            }
        }
    }

    @Test
    void aFailingAuditLeavesNothingChanged() {
        TestUser alice = vault.user("alice");
        TestRecord kept = vault.addRecord(alice, "{\"k\":1}");
        vault.audit.failing.set(true);
        String uid = Uids.newUid();
        CastellanException e = vault.fail(alice, "record_add", json().put("uid", uid).put("data", b64(random(40)))
                .put("recordKey", b64(random(60))).put("keyType", "data_key"));
        assertError(e, ErrorCode.AUDIT_UNAVAILABLE);
        assertThat(vault.count("records", "uid = :uid", uid)).isZero();
        assertThat(vault.count("record_keys", "record_uid = :uid", uid)).isZero();
        assertError(vault.fail(alice, "record_update", json().put("uid", kept.uid()).put("revision", 1)
                .put("data", b64(random(40)))), ErrorCode.AUDIT_UNAVAILABLE);
        assertError(vault.fail(alice, "record_delete", json().set("uids", json().arrayNode().add(kept.uid()))),
                ErrorCode.AUDIT_UNAVAILABLE);
        vault.audit.failing.set(false);
        JsonNode after = vault.get(alice, kept.uid());
        assertThat(after.get("revision").longValue()).isEqualTo(1);
        assertThat(kept.decrypt(bytes(after, "data"))).isEqualTo("{\"k\":1}");
        assertThat(vault.count("record_history", "record_uid = :uid", kept.uid())).isZero();
    }

    @Test
    void syncDownOfTenThousandRecords() {
        TestUser alice = vault.user("alice");
        TestUser bob = vault.user("bob");
        TestFolder shared = vault.addFolder(alice, "shared", null);
        vault.addMember(alice, shared, bob, false, false, false, false);
        int total = 10_000;
        long now = vault.clock.millis();
        byte[] data = random(300);
        byte[] key = random(60);
        String[] uids = new String[total];
        for (int i = 0; i < total; i++) {
            uids[i] = Uids.newUid();
        }
        // bulk setup straight into the tables: 8,000 of alice's own, 2,000 in the shared folder; links and files
        store.write(h -> {
            var records = h.prepareBatch("INSERT INTO records (uid, owner_uid, folder_uid, revision, encrypted_data,"
                    + " created_at, updated_at, deleted) VALUES (:uid, :owner, :folder, 1, :data, :now, :now, FALSE)");
            var keys = h.prepareBatch("INSERT INTO record_keys (record_uid, holder_kind, holder_uid,"
                    + " encrypted_record_key, can_edit, can_share, expires_at) VALUES (:uid, :kind, :holder, :key,"
                    + " TRUE, TRUE, NULL)");
            for (int i = 0; i < total; i++) {
                boolean inShared = i % 5 == 0;
                records.bind("uid", uids[i]).bind("owner", alice.uid()).bind("folder", inShared ? shared.uid() : null)
                        .bind("data", data).bind("now", now).add();
                keys.bind("uid", uids[i]).bind("kind", inShared ? "folder" : "user")
                        .bind("holder", inShared ? shared.uid() : alice.uid()).bind("key", key).add();
            }
            records.execute();
            keys.execute();
            var links = h.prepareBatch("INSERT INTO record_links (resource_uid, link_kind, linked_uid, created_at)"
                    + " VALUES (:resource, 'admin_credential', :linked, :now)");
            var files = h.prepareBatch("INSERT INTO attachments (uid, record_uid, encrypted_file_key, encrypted_meta,"
                    + " size, blob_path, encrypted_data, created_at) VALUES (:uid, :record, :key, :meta, 3, NULL,"
                    + " :data, :now)");
            for (int i = 0; i < total; i += 10) {
                links.bind("resource", uids[i]).bind("linked", uids[(i + 1) % total]).bind("now", now).add();
                files.bind("uid", Uids.newUid()).bind("record", uids[i]).bind("key", key).bind("meta", data)
                        .bind("data", new byte[] {1, 2, 3}).bind("now", now).add();
            }
            links.execute();
            files.execute();
            return null;
        });

        vault.sync(alice); // warm-up (JIT, connection)
        long start = System.nanoTime();
        ObjectNode answer = vault.sync(alice);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("sync_down of %d records on %s: %d ms%n", total, store.dialect(), millis);
        assertThat(answer.get("records")).hasSize(total);
        Map<String, JsonNode> byUid = records(answer);
        assertThat(byUid.get(uids[0]).get("links")).hasSize(1);
        assertThat(byUid.get(uids[0]).get("attachments")).hasSize(1);
        assertThat(byUid.get(uids[0]).get("keyType").textValue()).isEqualTo("folder_key");
        assertThat(byUid.get(uids[1]).get("keyType").textValue()).isEqualTo("data_key");
        assertThat(millis).as("sync_down of 10,000 records (catches N+1 queries)").isLessThan(10_000);
        assertThat(vault.sync(bob).get("records")).hasSize(total / 5);
    }

    @Test
    void registeredCommandsIgnoreTheEnvelopeFields() {
        TestUser alice = vault.user("alice");
        TestRecord record = vault.addRecord(alice, "{}");
        // the envelope leaves ts in the body; unknown fields are tolerated
        assertThat(vault.call(alice, "record_get", json().put("uid", record.uid()).put("extra", "x"))
                .get("uid").textValue()).isEqualTo(record.uid());
        assertThat(Aes256Gcm.decrypt(record.recordKey(), bytes(vault.get(alice, record.uid()), "data")))
                .isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    }
}
