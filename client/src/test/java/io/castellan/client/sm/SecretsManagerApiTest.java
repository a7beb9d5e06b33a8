package io.castellan.client.sm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.client.VaultClient;
import io.castellan.client.crypto.KeyType;
import io.castellan.client.crypto.RecordCrypto;
import io.castellan.client.keys.UserKeyring;
import io.castellan.client.testing.InMemoryVault;
import io.castellan.client.testing.VaultFixture;
import io.castellan.client.vault.FolderKind;
import io.castellan.client.vault.Vault;
import io.castellan.client.vault.VaultFolder;
import io.castellan.client.vault.VaultRecord;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.DeviceIds;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.record.RecordData;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client half of the app_* commands against the in-memory implementation of docs/api.md. */
class SecretsManagerApiTest {

    private static final String ADMIN = "admin@example.com";
    private static final String ADMIN_PW = "admin master password";
    private static final String BOB = "bob@example.com";
    private static final String BOB_PW = "bob's master password";

    private VaultFixture fx;
    private VaultClient admin;

    @BeforeEach
    void start() throws Exception {
        fx = new VaultFixture();
        fx.createAdmin(ADMIN, ADMIN_PW);
        fx.createUser(BOB, BOB_PW);
        admin = fx.login(ADMIN, ADMIN_PW);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private static UserKeyring keys(VaultClient client) {
        return client.session().unlock(client.config());
    }

    private static NewClient device(String name) {
        return new NewClient(name, ClientKind.DEVICE, true, Instant.now().plus(1, ChronoUnit.HOURS), null);
    }

    @Test
    void createStoresOnlyCiphertextAndListDecryptsIt() {
        String uid;
        try (UserKeyring keyring = keys(admin)) {
            uid = admin.secretsManager().create(keyring, "Infra");
        }
        InMemoryVault.AppRow row = fx.backend.apps.get(uid);
        assertThat(new String(row.data, StandardCharsets.ISO_8859_1)).doesNotContain("Infra");
        try (UserKeyring keyring = keys(admin); Apps apps = admin.secretsManager().list(keyring)) {
            SecretsManagerApp app = apps.resolve("Infra");
            assertThat(app.uid()).isEqualTo(uid);
            assertThat(app.keyType()).isEqualTo(KeyType.DATA_KEY);
            assertThat(app.role()).isEqualTo("owner");
            assertThat(app.ownerUid()).isEqualTo(fx.backend.user(ADMIN).uid);
            byte[] stored = row.members.get(fx.backend.user(ADMIN).uid).appKey();
            assertThat(stored).isNotEqualTo(app.appKey());
            assertThat(Aes256Gcm.decrypt(keyring.dataKey(), stored)).isEqualTo(app.appKey());
            assertThat(AppCrypto.decryptData(row.data, app.appKey()).title()).isEqualTo("Infra");
            assertThat(apps.problems()).isEmpty();
        }
    }

    @Test
    void namesResolveClientSideAndAnAmbiguousNameListsTheUids() {
        String a;
        String b;
        String c;
        try (UserKeyring keyring = keys(admin)) {
            a = admin.secretsManager().create(keyring, "Twin");
            b = admin.secretsManager().create(keyring, "Twin");
            c = admin.secretsManager().create(keyring, "Solo");
        }
        try (UserKeyring keyring = keys(admin); Apps apps = admin.secretsManager().list(keyring)) {
            assertThat(apps.resolve("Solo").uid()).isEqualTo(c);
            assertThat(apps.resolve(a).uid()).isEqualTo(a);
            assertThatThrownBy(() -> apps.resolve("Twin")).isInstanceOfSatisfying(CastellanException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                assertThat(e.getMessage()).contains("2 applications are named Twin", a, b, "use the UID");
            });
            assertThatThrownBy(() -> apps.resolve("Nope")).isInstanceOfSatisfying(CastellanException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void anApplicationThatDoesNotDecryptIsSkippedAndNamed() {
        String good;
        String bad;
        try (UserKeyring keyring = keys(admin)) {
            good = admin.secretsManager().create(keyring, "Good");
            bad = admin.secretsManager().create(keyring, "Bad");
        }
        fx.backend.apps.get(bad).data[40] ^= 1;
        try (UserKeyring keyring = keys(admin); Apps apps = admin.secretsManager().list(keyring)) {
            assertThat(apps.all()).extracting(SecretsManagerApp::uid).containsExactly(good);
            assertThat(apps.problems()).singleElement().asString().contains(bad);
        }
    }

    @Test
    void sharingSealsTheAppKeyToTheMembersPublicKey() throws Exception {
        byte[] appKey;
        try (UserKeyring keyring = keys(admin); Apps apps = admin.secretsManager().list(keyring)) {
            admin.secretsManager().create(keyring, "Shared app");
        }
        try (UserKeyring keyring = keys(admin); Apps apps = admin.secretsManager().list(keyring)) {
            SecretsManagerApp app = apps.resolve("Shared app");
            appKey = app.appKey().clone();
            admin.secretsManager().share(app, BOB, AppRole.VIEWER);
        }
        VaultClient bob = fx.login(BOB, BOB_PW);
        try (UserKeyring keyring = keys(bob); Apps apps = bob.secretsManager().list(keyring)) {
            SecretsManagerApp app = apps.resolve("Shared app");
            assertThat(app.keyType()).isEqualTo(KeyType.PUBLIC_KEY);
            assertThat(app.role()).isEqualTo("viewer");
            assertThat(app.appKey()).isEqualTo(appKey);
            assertThat(bob.secretsManager().get(app.uid()).members()).extracting(AppMember::email)
                    .containsExactlyInAnyOrder(ADMIN, BOB);
            assertThatThrownBy(() -> bob.secretsManager().addClient(app, device("x")))
                    .isInstanceOfSatisfying(CastellanException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        }
    }

    @Test
    void grantKeysOpenWithTheAppKeyToTheRecordAndFolderKeys() {
        try (Vault vault = admin.sync()) {
            admin.folders().add(vault, "Team", FolderKind.SHARED, null);
        }
        try (Vault vault = admin.sync()) {
            admin.records().add(vault, RecordData.create("login", "db"), vault.resolveFolder("Team").orElseThrow(),
                    java.util.List.of());
            admin.secretsManager().create(vault.keyring(), "Grants");
        }
        try (Vault vault = admin.sync(); Apps apps = admin.secretsManager().list(vault.keyring())) {
            SecretsManagerApp app = apps.resolve("Grants");
            VaultRecord record = vault.resolveRecord("Team/db");
            VaultFolder folder = vault.resolveFolder("Team").orElseThrow();
            admin.secretsManager().addGrant(app, record.uid(), GrantKind.RECORD, record.key(), true);
            admin.secretsManager().addGrant(app, folder.uid(), GrantKind.FOLDER, folder.key(), false);

            InMemoryVault.AppRow row = fx.backend.apps.get(app.uid());
            assertThat(Aes256Gcm.decrypt(app.appKey(), row.grants.get(record.uid()).key())).isEqualTo(record.key());
            assertThat(Aes256Gcm.decrypt(app.appKey(), row.grants.get(folder.uid()).key())).isEqualTo(folder.key());
            assertThat(admin.secretsManager().get(app.uid()).grants()).containsExactly(
                    new AppGrant(record.uid(), "record", true), new AppGrant(folder.uid(), "folder", false));

            admin.secretsManager().removeGrant(app.uid(), record.uid());
            assertThat(admin.secretsManager().get(app.uid()).grants()).extracting(AppGrant::subjectUid)
                    .containsExactly(folder.uid());
        }
    }

    @Test
    void aNewClientRegistersItsIdAndTheAppKeyWrappedWithItsClientKey() {
        Instant first = Instant.now().plus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        Instant access = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        try (Vault vault = admin.sync()) {
            admin.folders().add(vault, "Team", FolderKind.SHARED, null);
        }
        try (Vault vault = admin.sync()) {
            admin.records().add(vault, RecordData.create("login", "db"), vault.resolveFolder("Team").orElseThrow(),
                    java.util.List.of());
            admin.secretsManager().create(vault.keyring(), "Devices");
        }
        String token;
        String clientId;
        try (Vault vault = admin.sync(); Apps apps = admin.secretsManager().list(vault.keyring())) {
            SecretsManagerApp app = apps.resolve("Devices");
            VaultFolder folder = vault.resolveFolder("Team").orElseThrow();
            admin.secretsManager().addGrant(app, folder.uid(), GrantKind.FOLDER, folder.key(), false);
            try (IssuedClient issued = admin.secretsManager().addClient(app,
                    new NewClient("ci", ClientKind.GATEWAY, false, first, access))) {
                token = issued.token().token("vault.example.com");
                clientId = issued.clientId();
                assertThat(issued.token().clientId()).isEqualTo(clientId);
            }
            InMemoryVault.ClientRow row = fx.backend.client(clientId);
            assertThat(row.name).isEqualTo("ci");
            assertThat(row.kind).isEqualTo("gateway");
            assertThat(row.lockIp).isFalse();
            assertThat(row.firstAccessExpiresAt).isEqualTo(first.toEpochMilli());
            assertThat(row.accessExpiresAt).isEqualTo(access.toEpochMilli());

            AppClient listed = admin.secretsManager().listClients(app.uid()).get(0);
            assertThat(listed.clientId()).isEqualTo(clientId);
            assertThat(listed.firstAccessExpiresAt()).isEqualTo(first);
            assertThat(listed.shortId()).hasSize(AppClient.SHORT_ID_LENGTH);
        }

        // A device holding only the token reaches the record: clientKey -> appKey -> folder key -> record.
        assertThat(token).matches("vault\\.example\\.com:[A-Za-z0-9_-]{43}");
        byte[] clientKey = DeviceIds.clientKeyFromToken(token);
        assertThat(DeviceIds.clientId(clientKey)).isEqualTo(clientId);
        InMemoryVault.AppRow app = fx.backend.apps.values().iterator().next();
        byte[] appKey = Aes256Gcm.decrypt(clientKey, fx.backend.client(clientId).encryptedAppKey);
        InMemoryVault.GrantRow grant = app.grants.values().iterator().next();
        byte[] folderKey = Aes256Gcm.decrypt(appKey, grant.key());
        InMemoryVault.RecordRow record = fx.backend.records.values().iterator().next();
        assertThat(record.keyType).isEqualTo("folder_key");
        byte[] recordKey = Aes256Gcm.decrypt(folderKey, record.recordKey);
        assertThat(RecordCrypto.decrypt(record.data, recordKey).title()).isEqualTo("db");
        assertThat(Base64s.encode(appKey)).isNotEqualTo(Base64s.encode(clientKey));
    }

    @Test
    void clientsAndApplicationsAreRemoved() {
        String uid;
        try (UserKeyring keyring = keys(admin)) {
            uid = admin.secretsManager().create(keyring, "Gone");
        }
        try (UserKeyring keyring = keys(admin); Apps apps = admin.secretsManager().list(keyring)) {
            SecretsManagerApp app = apps.resolve(uid);
            String a;
            try (IssuedClient one = admin.secretsManager().addClient(app, device("one"));
                    IssuedClient two = admin.secretsManager().addClient(app, device("two"))) {
                a = one.clientId();
            }
            admin.secretsManager().removeClient(uid, a);
            assertThat(admin.secretsManager().listClients(uid)).extracting(AppClient::name).containsExactly("two");
            admin.secretsManager().removeClientByName(uid, "two");
            assertThat(admin.secretsManager().listClients(uid)).isEmpty();
        }
        admin.secretsManager().remove(uid);
        try (UserKeyring keyring = keys(admin); Apps apps = admin.secretsManager().list(keyring)) {
            assertThat(apps.all()).isEmpty();
        }
    }

    @Test
    void issuedTokensAreWipedWhenClosed() {
        try (UserKeyring keyring = keys(admin)) {
            admin.secretsManager().create(keyring, "Wipe");
        }
        try (UserKeyring keyring = keys(admin); Apps apps = admin.secretsManager().list(keyring)) {
            IssuedClient issued = admin.secretsManager().addClient(apps.resolve("Wipe"), device("w"));
            byte[] live = issued.token().clientKey();
            issued.close();
            assertThat(live).containsOnly(0);
            assertThat(issued.toString()).doesNotContain(Base64s.encodeWebSafe(live));
        }
    }

    @Test
    void aRefusedClientAddWipesTheToken() {
        try (UserKeyring keyring = keys(admin)) {
            admin.secretsManager().create(keyring, "Refused");
        }
        try (UserKeyring keyring = keys(admin); Apps apps = admin.secretsManager().list(keyring)) {
            SecretsManagerApp app = apps.resolve("Refused");
            fx.backend.apps.remove(app.uid());
            assertThatThrownBy(() -> admin.secretsManager().addClient(app, device("z")))
                    .isInstanceOfSatisfying(CastellanException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }
}
