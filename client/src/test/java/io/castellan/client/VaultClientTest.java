package io.castellan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.client.api.AccountApi;
import io.castellan.client.api.DownloadedFile;
import io.castellan.client.api.EnterpriseRole;
import io.castellan.client.api.FolderPermissions;
import io.castellan.client.api.RecordRevision;
import io.castellan.client.api.SavedRecord;
import io.castellan.client.api.SignedIn;
import io.castellan.client.api.WhoAmI;
import io.castellan.client.config.CliConfig;
import io.castellan.client.config.ConfigStore;
import io.castellan.client.crypto.KeyType;
import io.castellan.client.keys.AccountKeys;
import io.castellan.client.keys.DerivedKeys;
import io.castellan.client.testing.InMemoryVault;
import io.castellan.client.testing.VaultFixture;
import io.castellan.client.vault.FolderKind;
import io.castellan.client.vault.RecordLink;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.client.vault.VaultRecord;
import io.castellan.crypto.Base64s;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.RecordData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against an in-memory implementation of docs/api.md behind the real envelope and TLS pinning. */
class VaultClientTest {

    private static final String ADMIN = "admin@example.com";
    private static final String ADMIN_PW = "admin master password";
    private static final String BOB = "bob@example.com";
    private static final String BOB_PW = "bob's master password";

    @TempDir
    Path dir;

    private VaultFixture fx;

    @BeforeEach
    void start() throws Exception {
        fx = new VaultFixture();
        fx.createAdmin(ADMIN, ADMIN_PW);
        fx.createUser(BOB, BOB_PW);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private static RecordData login(String title, String password) {
        RecordData r = RecordData.create("login", title);
        r.setFieldValue("login", null, "root");
        r.setFieldValue("password", null, password);
        return r;
    }

    @Test
    void loginStoresNeitherThePasswordNorThePlaintextDataKey() throws Exception {
        SignedIn in = new VaultClient(fx.transport(), CliConfig.EMPTY).login(ADMIN, ADMIN_PW.toCharArray(), null);
        ConfigStore store = new ConfigStore(dir.resolve("config.json"));
        store.save(fx.configFor(in));
        byte[] file = Files.readAllBytes(store.file());

        InMemoryVault.User user = fx.backend.user(ADMIN);
        byte[] dataKey;
        try (DerivedKeys keys = AccountKeys.derive(ADMIN_PW.toCharArray(), user.salt, user.iterations)) {
            dataKey = keys.openDataKey(user.encryptedDataKey);
        }
        String text = new String(file, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(ADMIN_PW, Base64s.encode(dataKey), HexFormat.of().formatHex(dataKey),
                Base64s.encodeWebSafe(dataKey));
        assertThat(indexOf(file, dataKey)).isEqualTo(-1);
        assertThat(text).contains(in.session(), in.sessionDataKey());
        assertThat(Base64s.decode(in.sessionDataKey())).as("AES-GCM(sessionKey, dataKey)").hasSize(60);
    }

    @Test
    void whoamiAndUnlockWorkAcrossProcessesThroughTheStoredBlob() throws Exception {
        VaultClient first = fx.login(ADMIN, ADMIN_PW);
        ConfigStore store = new ConfigStore(dir.resolve("config.json"));
        store.save(first.config());

        VaultClient later = new VaultClient(fx.transport(), store.load());
        WhoAmI me = later.whoami();
        assertThat(me.email()).isEqualTo(ADMIN);
        assertThat(me.admin()).isTrue();
        try (Vault vault = later.sync()) {
            assertThat(vault.records()).isEmpty();
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndAnUnknownEmailLooksTheSame() throws Exception {
        VaultClient client = new VaultClient(fx.transport(), CliConfig.EMPTY);
        for (String email : new String[] {ADMIN, "nobody@example.com"}) {
            assertThatThrownBy(() -> client.login(email, "wrong".toCharArray(), null))
                    .isInstanceOfSatisfying(CastellanException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                        assertThat(e.getMessage()).isEqualTo("wrong e-mail or password");
                    });
        }
    }

    @Test
    void totpIsAskedForAndTheDerivedKeysAreReusedForTheRetry() throws Exception {
        fx.backend.requireTotp(BOB, "123456");
        AccountApi account = new AccountApi(fx.transport());
        try (DerivedKeys keys = account.prepareLogin(BOB, BOB_PW.toCharArray())) {
            assertThatThrownBy(() -> account.login(BOB, keys, null))
                    .isInstanceOfSatisfying(CastellanException.class,
                            e -> assertThat(AccountApi.isTotpRequired(e)).isTrue());
            assertThat(account.login(BOB, keys, "123456").email()).isEqualTo(BOB);
        }
    }

    @Test
    void aServerAskingForTooFewIterationsIsRefused() throws Exception {
        fx.backend.user(BOB).iterations = 10;
        assertThatThrownBy(() -> new VaultClient(fx.transport(), CliConfig.EMPTY).login(BOB, BOB_PW.toCharArray(),
                null)).isInstanceOfSatisfying(CastellanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void recordsAndFoldersRoundTripEncrypted() throws Exception {
        VaultClient admin = fx.login(ADMIN, ADMIN_PW);
        SavedRecord saved;
        try (Vault vault = admin.sync()) {
            String servers = admin.folders().add(vault, "Servers", FolderKind.USER, null);
            assertThat(servers).hasSize(22);
        }
        try (Vault vault = admin.sync()) {
            VaultFolder servers = vault.resolveFolder("/Servers").orElseThrow();
            String prod = admin.folders().add(vault, "Prod", FolderKind.USER, servers);
            assertThat(prod).isNotBlank();
        }
        try (Vault vault = admin.sync()) {
            saved = admin.records().add(vault, login("db01", "pa55-db01"), vault.resolveFolder("Servers/Prod")
                    .orElseThrow(), List.of());
            assertThat(saved.revision()).isEqualTo(1);
        }
        InMemoryVault.RecordRow row = fx.backend.records.get(saved.uid());
        assertThat(new String(row.data, StandardCharsets.ISO_8859_1)).doesNotContain("pa55-db01", "db01");
        assertThat(row.keyType).isEqualTo("data_key");

        try (Vault vault = admin.sync()) {
            VaultRecord record = vault.resolveRecord("Servers/Prod/db01");
            assertThat(record.uid()).isEqualTo(saved.uid());
            assertThat(vault.resolveRecord(saved.uid())).isSameAs(record);
            assertThat(record.data().firstValue("password", null)).contains("pa55-db01");
            assertThat(vault.pathOf(record.folderUid())).isEqualTo("/Servers/Prod");
            assertThatThrownBy(() -> vault.resolveRecord("Servers/db01")).isInstanceOfSatisfying(
                    CastellanException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void anUpdateFromAStaleRevisionIsAClearConflict() throws Exception {
        VaultClient admin = fx.login(ADMIN, ADMIN_PW);
        try (Vault vault = admin.sync()) {
            admin.records().add(vault, login("web", "one"), null, List.of());
        }
        try (Vault vault = admin.sync()) {
            VaultRecord record = vault.resolveRecord("web");
            RecordData changed = record.data();
            changed.setFieldValue("password", null, "two");
            assertThat(admin.records().update(record, changed, null)).isEqualTo(2);
            assertThatThrownBy(() -> admin.records().update(record, changed, null))
                    .isInstanceOfSatisfying(CastellanException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                        assertThat(e.getMessage()).contains(record.uid(), "revision 1, now 2", "re-read and retry");
                    });
        }
        try (Vault vault = admin.sync()) {
            VaultRecord record = vault.resolveRecord("web");
            List<RecordRevision> history = admin.records().history(record);
            assertThat(history).hasSize(1);
            assertThat(history.get(0).revision()).isEqualTo(1);
            assertThat(history.get(0).data().firstValue("password", null)).contains("one");
        }
    }

    @Test
    void movingIntoASharedFolderRewrapsWithTheFolderKeyAndMembersCanRead() throws Exception {
        VaultClient admin = fx.login(ADMIN, ADMIN_PW);
        try (Vault vault = admin.sync()) {
            admin.folders().add(vault, "Team", FolderKind.SHARED, null);
            admin.records().add(vault, login("db", "secret-db"), null, List.of());
        }
        try (Vault vault = admin.sync()) {
            VaultFolder team = vault.resolveFolder("Team").orElseThrow();
            admin.records().move(vault, vault.resolveRecord("db"), team);
            admin.sharing().addFolderMember(team, BOB, new FolderPermissions(false, false, true, false));
            assertThatThrownBy(() -> admin.folders().add(vault, "Sub", FolderKind.SHARED, team))
                    .hasMessageContaining("shared folders cannot nest");
        }
        try (Vault vault = admin.sync()) {
            VaultRecord db = vault.resolveRecord("Team/db");
            assertThat(db.keyType()).isEqualTo(KeyType.FOLDER_KEY);
            assertThat(vault.members()).extracting(m -> m.email()).contains(BOB, ADMIN);
        }
        VaultClient bob = fx.login(BOB, BOB_PW);
        try (Vault vault = bob.sync()) {
            VaultFolder team = vault.resolveFolder("Team").orElseThrow();
            assertThat(team.keyType()).isEqualTo(KeyType.PUBLIC_KEY);
            VaultRecord db = vault.resolveRecord("Team/db");
            assertThat(db.data().firstValue("password", null)).contains("secret-db");
            assertThat(vault.problems()).isEmpty();
        }
        try (Vault vault = admin.sync()) {
            admin.sharing().removeFolderMember(vault.resolveFolder("Team").orElseThrow(), BOB);
        }
        try (Vault vault = bob.sync()) {
            assertThat(vault.records()).isEmpty();
            assertThat(vault.folders()).isEmpty();
        }
    }

    @Test
    void directSharesAreSealedToTheRecipientAndCanBeRevoked() throws Exception {
        VaultClient admin = fx.login(ADMIN, ADMIN_PW);
        try (Vault vault = admin.sync()) {
            admin.records().add(vault, login("shared", "p@ss"), null, List.of());
        }
        Instant expiry = Instant.now().plusSeconds(3600);
        try (Vault vault = admin.sync()) {
            admin.sharing().shareRecord(vault.resolveRecord("shared"), BOB, false, false, expiry);
        }
        VaultClient bob = fx.login(BOB, BOB_PW);
        try (Vault vault = bob.sync()) {
            VaultRecord r = vault.resolveRecord("shared");
            assertThat(r.keyType()).isEqualTo(KeyType.PUBLIC_KEY);
            assertThat(r.canEdit()).isFalse();
            assertThat(r.expiresAt()).isEqualTo(Instant.ofEpochMilli(expiry.toEpochMilli()));
            assertThat(r.data().firstValue("password", null)).contains("p@ss");
            RecordData changed = r.data();
            changed.setTitle("mine now");
            assertThatThrownBy(() -> bob.records().update(r, changed, null)).isInstanceOfSatisfying(
                    CastellanException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        }
        try (Vault vault = admin.sync()) {
            admin.sharing().unshareRecord(vault.resolveRecord("shared").uid(), BOB);
        }
        try (Vault vault = bob.sync()) {
            assertThat(vault.records()).isEmpty();
        }
    }

    @Test
    void attachmentsUploadAndDownloadEncrypted() throws Exception {
        VaultClient admin = fx.login(ADMIN, ADMIN_PW);
        byte[] content = "ssh-ed25519 PRIVATE".getBytes(StandardCharsets.UTF_8);
        try (Vault vault = admin.sync()) {
            admin.records().add(vault, login("box", "x"), null, List.of());
        }
        String uid;
        try (Vault vault = admin.sync()) {
            uid = admin.attachments().upload(vault.resolveRecord("box"), "id_ed25519", "text/plain", content);
        }
        String stored = fx.backend.records.values().iterator().next().toString();
        try (Vault vault = admin.sync()) {
            VaultRecord box = vault.resolveRecord("box");
            assertThat(box.attachments()).singleElement().satisfies(a -> {
                assertThat(a.uid()).isEqualTo(uid);
                assertThat(a.meta().name()).isEqualTo("id_ed25519");
                assertThat(a.meta().size()).isEqualTo(content.length);
            });
            DownloadedFile file = admin.attachments().download(box, uid);
            assertThat(file.bytes()).isEqualTo(content);
            assertThat(file.meta().type()).isEqualTo("text/plain");
        }
        assertThat(stored).doesNotContain("PRIVATE");
    }

    @Test
    void linksAndDeletesAreSent() throws Exception {
        VaultClient admin = fx.login(ADMIN, ADMIN_PW);
        SavedRecord user;
        try (Vault vault = admin.sync()) {
            RecordData pamUser = RecordData.create("pamUser", "sa");
            pamUser.setFieldValue("login", null, "sa");
            user = admin.records().add(vault, pamUser, null, List.of());
            admin.records().add(vault, RecordData.create("pamMachine", "host"), null,
                    List.of(new RecordLink(user.uid(), null)));
        }
        try (Vault vault = admin.sync()) {
            VaultRecord host = vault.resolveRecord("host");
            assertThat(host.links()).containsExactly(new RecordLink(user.uid(), RecordLink.CREDENTIAL));
            admin.records().delete(List.of(host.uid()));
        }
        try (Vault vault = admin.sync()) {
            assertThat(vault.records()).extracting(VaultRecord::title).containsExactly("sa");
        }
    }

    @Test
    void logoutMakesTheStoredBlobUseless() throws Exception {
        VaultClient admin = fx.login(ADMIN, ADMIN_PW);
        admin.logout();
        assertThat(fx.backend.liveSessions()).isZero();
        assertThatThrownBy(admin::sync).isInstanceOfSatisfying(CastellanException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains("castellan login");
        });
        assertThatThrownBy(() -> new VaultClient(fx.transport(), CliConfig.EMPTY).sync())
                .hasMessageContaining("not logged in");
    }

    @Test
    void enterpriseAdministration() throws Exception {
        VaultClient admin = fx.login(ADMIN, ADMIN_PW);
        String code = admin.enterprise().addUser("carol@example.com");
        assertThat(code).isNotBlank();
        admin.enterprise().addRole("Rotators");
        admin.enterprise().roleEnforcement("Rotators", "ALLOW_PAM_ROTATION", "True");
        admin.enterprise().roleMember("Rotators", BOB, false);
        admin.enterprise().addTeam("DBAs");
        admin.enterprise().teamMember("DBAs", BOB, false);
        assertThat(admin.enterprise().listUsers()).filteredOn(u -> u.email().equals(BOB)).singleElement()
                .satisfies(u -> {
                    assertThat(u.roles()).containsExactly("Rotators");
                    assertThat(u.teams()).containsExactly("DBAs");
                });
        List<EnterpriseRole> roles = admin.enterprise().listRoles();
        assertThat(roles).singleElement().satisfies(r -> {
            assertThat(r.enforcements()).containsEntry("ALLOW_PAM_ROTATION", "True");
            assertThat(r.members()).containsExactly(BOB);
        });
        assertThat(fx.login(BOB, BOB_PW).whoami().enforcements()).containsEntry("ALLOW_PAM_ROTATION", "True");
        assertThatThrownBy(() -> fx.login(BOB, BOB_PW).enterprise().listUsers())
                .isInstanceOfSatisfying(CastellanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        admin.enterprise().disableUser(BOB);
        assertThatThrownBy(() -> fx.login(BOB, BOB_PW)).isInstanceOf(CastellanException.class);
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
