package io.castellan.cli.sm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.client.VaultClient;
import io.castellan.client.keys.UserKeyring;
import io.castellan.client.sm.Apps;
import io.castellan.client.testing.InMemoryVault;
import io.castellan.client.testing.VaultFixture;
import io.castellan.client.transport.ServerKey;
import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.Base64s;
import io.castellan.crypto.DeviceIds;
import io.castellan.crypto.EcKeys;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.ClientConfigCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code secrets-manager} commands against the in-memory implementation of docs/api.md. */
class SecretsManagerCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin@example.com";
    private static final String ADMIN_PW = "admin master pw";
    private static final String BOB = "bob@example.com";
    private static final String BOB_PW = "bob master pw";
    private static final Pattern TOKEN = Pattern.compile("127\\.0\\.0\\.1:([A-Za-z0-9_-]{43})");

    @TempDir
    Path dir;

    private VaultFixture fx;
    private Path adminConfig;
    private Path bobConfig;

    @BeforeEach
    void start() throws Exception {
        fx = new VaultFixture();
        fx.createAdmin(ADMIN, ADMIN_PW);
        fx.createUser(BOB, BOB_PW);
        adminConfig = dir.resolve("admin/config.json");
        bobConfig = dir.resolve("bob/config.json");
        ok(adminConfig, "login", ADMIN, "--server", fx.url(), "--password-file",
                Files.writeString(dir.resolve("admin.pw"), ADMIN_PW + "\n").toString());
        ok(bobConfig, "login", BOB, "--server", fx.url(), "--password-file",
                Files.writeString(dir.resolve("bob.pw"), BOB_PW + "\n").toString());
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private static Result as(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString()));
        return Cli.run(all.toArray(new String[0]));
    }

    private static Result ok(Path config, String... args) {
        Result r = as(config, args);
        assertThat(r.exit()).as("%s: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    private static void fails(Result r, int exit, String... messageParts) {
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(r.err().lines()).singleElement().satisfies(line -> {
            assertThat(line).startsWith("castellan: ");
            for (String part : messageParts) {
                assertThat(line).contains(part);
            }
        });
        assertThat(r.out()).isEmpty();
    }

    private String sm(String... args) {
        List<String> all = new ArrayList<>(List.of("secrets-manager"));
        all.addAll(List.of(args));
        return ok(adminConfig, all.toArray(new String[0])).out();
    }

    private Result smAs(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of("secrets-manager"));
        all.addAll(List.of(args));
        return as(config, all.toArray(new String[0]));
    }

    /** The application key, read the way the owner's client reads it. */
    private byte[] appKey(String name) throws Exception {
        VaultClient admin = fx.login(ADMIN, ADMIN_PW);
        try (UserKeyring keyring = admin.session().unlock(admin.config());
                Apps apps = admin.secretsManager().list(keyring)) {
            return apps.resolve(name).appKey().clone();
        }
    }

    private String port() {
        return fx.url().substring(fx.url().lastIndexOf(':') + 1);
    }

    @Test
    void appsAreCreatedListedShownAndRemoved() throws Exception {
        String uid = sm("app", "create", "Infra").strip();
        assertThat(uid).hasSize(22);
        assertThat(fx.backend.apps).containsKey(uid);
        assertThat(sm("app", "list")).containsPattern("(?m)^" + uid + " +Infra +owner$");
        JsonNode list = JSON.readTree(sm("app", "list", "--format", "json"));
        assertThat(list.get(0).path("uid").asText()).isEqualTo(uid);
        assertThat(list.get(0).path("title").asText()).isEqualTo("Infra");

        fails(smAs(adminConfig, "app", "create", "Infra"), 6, "an application named Infra already exists", uid);

        String get = sm("app", "get", "Infra");
        assertThat(get).contains(uid, "Granted (0):", "Clients (0):", "Members (1):", ADMIN);
        JsonNode got = JSON.readTree(sm("app", "get", uid, "--format", "json"));
        assertThat(got.path("title").asText()).isEqualTo("Infra");
        assertThat(got.path("members").get(0).path("role").asText()).isEqualTo("owner");

        assertThat(sm("app", "remove", "Infra")).contains("Removed application Infra (" + uid + ")");
        assertThat(fx.backend.apps).isEmpty();
        fails(smAs(adminConfig, "app", "get", "Infra"), 5, "no application Infra");
    }

    @Test
    void anAmbiguousNameIsRefusedWithTheUids() throws Exception {
        VaultClient admin = fx.login(ADMIN, ADMIN_PW);
        String a;
        String b;
        try (UserKeyring keyring = admin.session().unlock(admin.config())) {
            a = admin.secretsManager().create(keyring, "Twin");
            b = admin.secretsManager().create(keyring, "Twin");
        }
        fails(smAs(adminConfig, "client", "add", "--app", "Twin"), 2, "2 applications are named Twin", a, b,
                "use the UID");
        assertThat(fx.backend.apps.get(a).clients).isEmpty();
        assertThat(smAs(adminConfig, "client", "add", "--app", a).exit()).isZero();
    }

    @Test
    void sharingAnApplicationSealsItsKeyAndSetsTheRole() throws Exception {
        sm("app", "create", "Team app");
        fails(smAs(adminConfig, "app", "share", "--app", "Team app", "--email", BOB, "--role", "owner"), 2,
                "--role must be admin or viewer");
        assertThat(sm("app", "share", "--app", "Team app", "--email", BOB))
                .contains("Shared application Team app with " + BOB + " as viewer.");
        assertThat(smAs(bobConfig, "app", "list").out()).containsPattern("Team app +viewer");
        fails(smAs(bobConfig, "client", "add", "--app", "Team app"), 4);

        sm("app", "share", "--app", "Team app", "--email", BOB, "--role", "admin");
        Result added = smAs(bobConfig, "client", "add", "--app", "Team app");
        assertThat(added.exit()).as(added.err()).isZero();
        Matcher m = TOKEN.matcher(added.out().strip());
        assertThat(m.matches()).isTrue();
        byte[] clientKey = Base64s.decodeWebSafe(m.group(1));
        InMemoryVault.ClientRow row = fx.backend.client(DeviceIds.clientId(clientKey));
        assertThat(Aes256Gcm.decrypt(clientKey, row.encryptedAppKey)).isEqualTo(appKey("Team app"));
    }

    @Test
    void shareAddWrapsRecordAndSharedFolderKeysWithTheAppKey() throws Exception {
        ok(adminConfig, "mkdir", "-sf", "Team");
        ok(adminConfig, "mkdir", "-uf", "Mine");
        String record = ok(adminConfig, "record-add", "-rt", "login", "-t", "db", "--folder", "Team",
                "login=root", "password=S3cret").out().strip();
        String mine = ok(adminConfig, "record-add", "-rt", "login", "-t", "own", "--folder", "Mine").out().strip();
        String app = sm("app", "create", "Grants").strip();

        fails(smAs(adminConfig, "share", "add", "--app", "Grants", "--secret", "Mine"), 2, "user folder",
                "only records and shared folders");
        fails(smAs(adminConfig, "share", "add", "--app", "Grants", "--secret", "Nowhere/x"), 5,
                "no record or shared folder Nowhere/x");
        assertThat(fx.backend.apps.get(app).grants).isEmpty();

        String out = sm("share", "add", "--app", "Grants", "--secret", "Team", "--secret", "Team/db", "--secret",
                mine, "--editable");
        assertThat(out).contains("Granted folder /Team", "Granted record db (" + record + ")", "editable");

        byte[] appKey = appKey("Grants");
        VaultClient admin = fx.login(ADMIN, ADMIN_PW);
        try (var vault = admin.sync()) {
            var team = vault.resolveFolder("Team").orElseThrow();
            InMemoryVault.AppRow row = fx.backend.apps.get(app);
            assertThat(Aes256Gcm.decrypt(appKey, row.grants.get(team.uid()).key())).isEqualTo(team.key());
            assertThat(Aes256Gcm.decrypt(appKey, row.grants.get(record).key()))
                    .isEqualTo(vault.record(record).orElseThrow().key());
            assertThat(row.grants.get(record).kind()).isEqualTo("record");
            assertThat(row.grants.get(team.uid()).kind()).isEqualTo("folder");
            assertThat(row.grants.get(record).editable()).isTrue();
        }

        assertThat(sm("app", "get", "Grants")).containsPattern("(?m)^record +" + record + " +db +editable$")
                .containsPattern("(?m)^folder +\\S+ +/Team +editable$");
        sm("share", "remove", "--app", "Grants", "--secret", "Team/db", "--secret", mine);
        assertThat(fx.backend.apps.get(app).grants).hasSize(1).doesNotContainKey(record);
        ok(adminConfig, "rm", mine);
        fails(smAs(adminConfig, "share", "remove", "--app", "Grants", "--secret", mine), 5, "no such grant");
    }

    @Test
    void clientAddPrintsOnlyTheTokenAndExplainsThePort() throws Exception {
        String app = sm("app", "create", "Devices").strip();
        long before = System.currentTimeMillis();
        Result r = smAs(adminConfig, "client", "add", "--app", "Devices", "--name", "ci");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines()).singleElement().satisfies(line -> assertThat(line).matches(TOKEN));
        String token = r.out().strip();
        String key = token.substring(token.indexOf(':') + 1);
        assertThat(key).hasSize(43);
        assertThat(r.err()).doesNotContain(key)
                .contains("127.0.0.1:" + port(), "hostName", "--config-init", "serverPublicKeyId 1");

        InMemoryVault.ClientRow row = fx.backend.client(DeviceIds.clientIdFromToken(token));
        assertThat(row).isNotNull();
        assertThat(row.clientId).isEqualTo(DeviceIds.clientId(Base64s.decodeWebSafe(key)));
        assertThat(row.name).isEqualTo("ci");
        assertThat(row.kind).isEqualTo("device");
        assertThat(row.lockIp).isTrue();
        assertThat(row.accessExpiresAt).isNull();
        assertThat(row.firstAccessExpiresAt).isBetween(before + 3_600_000, System.currentTimeMillis() + 3_600_000);
        assertThat(Aes256Gcm.decrypt(Base64s.decodeWebSafe(key), row.encryptedAppKey)).isEqualTo(appKey("Devices"));
        assertThat(fx.backend.apps.get(app).clients).hasSize(1);

        fails(smAs(adminConfig, "client", "add", "--app", "Devices", "--name", "ci"), 6, "already has a client named ci");
    }

    @Test
    void clientAddOptionsReachTheServer() throws Exception {
        String app = sm("app", "create", "Fleet").strip();
        long before = System.currentTimeMillis();
        Result r = smAs(adminConfig, "client", "add", "--app", app, "--name", "node", "--count", "3", "--unlock-ip",
                "--first-access-expires-in-min", "1440", "--access-expire-in-min", "120");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> tokens = r.out().lines().toList();
        assertThat(tokens).hasSize(3).allSatisfy(t -> assertThat(t).matches(TOKEN)).doesNotHaveDuplicates();
        assertThat(fx.backend.apps.get(app).clients.values()).extracting(c -> c.name)
                .containsExactly("node-1", "node-2", "node-3");
        for (String token : tokens) {
            InMemoryVault.ClientRow row = fx.backend.client(DeviceIds.clientIdFromToken(token));
            assertThat(row.lockIp).isFalse();
            assertThat(row.firstAccessExpiresAt).isBetween(before + 86_400_000, System.currentTimeMillis() + 86_400_000);
            assertThat(row.accessExpiresAt).isBetween(before + 7_200_000, System.currentTimeMillis() + 7_200_000);
        }

        JsonNode json = JSON.readTree(sm("client", "add", "--app", app, "--kind", "gateway", "--format", "json"));
        assertThat(json).hasSize(1);
        assertThat(json.get(0).path("token").asText()).matches(TOKEN);
        assertThat(json.get(0).path("hostname").asText()).isEqualTo("127.0.0.1:" + port());
        assertThat(json.get(0).path("name").asText()).hasSize(10);
        assertThat(fx.backend.client(json.get(0).path("clientId").asText()).kind).isEqualTo("gateway");
    }

    @Test
    void expiryAndCountBoundsAreCheckedBeforeAnythingIsSent() throws Exception {
        String app = sm("app", "create", "Bounds").strip();
        int before = fx.server.received().size();
        fails(smAs(adminConfig, "client", "add", "--app", "Bounds", "--first-access-expires-in-min", "1441"), 2,
                "--first-access-expires-in-min must be between 1 and 1440");
        fails(smAs(adminConfig, "client", "add", "--app", "Bounds", "--first-access-expires-in-min", "0"), 2,
                "--first-access-expires-in-min");
        fails(smAs(adminConfig, "client", "add", "--app", "Bounds", "--access-expire-in-min", "0"), 2,
                "--access-expire-in-min must be between 1");
        fails(smAs(adminConfig, "client", "add", "--app", "Bounds", "--count", "0"), 2, "--count must be between 1");
        fails(smAs(adminConfig, "client", "add", "--app", "Bounds", "--kind", "robot"), 2, "--kind must be");
        assertThat(fx.server.received()).hasSize(before);
        assertThat(fx.backend.apps.get(app).clients).isEmpty();
        assertThat(smAs(adminConfig, "client", "add", "--app", "Bounds", "--first-access-expires-in-min", "1440")
                .exit()).isZero();
    }

    private Map<String, String> checkPreBind(ClientConfig config) throws Exception {
        Map<String, String> map = config.asMap();
        assertThat(map).containsOnlyKeys(ClientConfig.HOSTNAME, ClientConfig.CLIENT_ID, ClientConfig.CLIENT_KEY,
                ClientConfig.PRIVATE_KEY, ClientConfig.SERVER_PUBLIC_KEY, ClientConfig.SERVER_PUBLIC_KEY_ID);
        assertThat(config.isBound()).isFalse();
        assertThat(map.get(ClientConfig.HOSTNAME)).isEqualTo("127.0.0.1:" + port());
        byte[] clientKey = Base64s.decode(map.get(ClientConfig.CLIENT_KEY));
        assertThat(map.get(ClientConfig.CLIENT_ID)).isEqualTo(DeviceIds.clientId(clientKey));
        EcKeys.privateKeyFromPkcs8(Base64s.decode(map.get(ClientConfig.PRIVATE_KEY)));
        ServerKey current = fx.transport().serverKeys().newest();
        assertThat(map.get(ClientConfig.SERVER_PUBLIC_KEY)).isEqualTo(Base64s.encodeWebSafe(current.publicKey()));
        assertThat(map.get(ClientConfig.SERVER_PUBLIC_KEY_ID)).isEqualTo(Integer.toString(current.keyId()));
        InMemoryVault.ClientRow row = fx.backend.client(map.get(ClientConfig.CLIENT_ID));
        assertThat(row).as("registered on the server").isNotNull();
        assertThat(Aes256Gcm.decrypt(clientKey, row.encryptedAppKey)).isEqualTo(appKey("Init"));
        return map;
    }

    @Test
    void configInitPrintsAPreBindConfigurationInEachForm() throws Exception {
        sm("app", "create", "Init");

        Result json = smAs(adminConfig, "client", "add", "--app", "Init", "--config-init", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.out().lines().count()).isEqualTo(8);
        assertThat(json.out()).startsWith("{").doesNotMatch("(?s).*127\\.0\\.0\\.1:[A-Za-z0-9_-]{43}\\s*$");
        assertThat(json.err()).contains("store it as a secret").doesNotContain("hostName");
        Map<String, String> first = checkPreBind(ClientConfigCodec.parse(json.out()));
        assertThat(json.err()).doesNotContain(first.get(ClientConfig.CLIENT_KEY), first.get(ClientConfig.PRIVATE_KEY));

        String b64 = sm("client", "add", "--app", "Init", "--config-init", "b64").strip();
        assertThat(b64).matches("[A-Za-z0-9+/=]+");
        Map<String, String> second = checkPreBind(ClientConfigCodec.parse(b64));
        assertThat(second.get(ClientConfig.PRIVATE_KEY)).isNotEqualTo(first.get(ClientConfig.PRIVATE_KEY));

        String k8s = sm("client", "add", "--app", "Init", "--config-init", "k8s");
        assertThat(k8s.lines().toList()).startsWith("apiVersion: v1", "kind: Secret", "metadata:",
                "  name: ksm-config", "type: Opaque", "data:");
        Matcher data = Pattern.compile("(?m)^  config: ([A-Za-z0-9+/=]+)$").matcher(k8s);
        assertThat(data.find()).isTrue();
        checkPreBind(ClientConfigCodec.parse(data.group(1)));

        String two = sm("client", "add", "--app", "Init", "--config-init", "k8s", "--count", "2", "--name", "k");
        assertThat(two).contains("  name: ksm-config-1", "\n---\n", "  name: ksm-config-2");
        Matcher each = Pattern.compile("(?m)^  config: ([A-Za-z0-9+/=]+)$").matcher(two);
        int found = 0;
        while (each.find()) {
            checkPreBind(ClientConfigCodec.parse(each.group(1)));
            found++;
        }
        assertThat(found).isEqualTo(2);

        JsonNode asJson = JSON.readTree(sm("client", "add", "--app", "Init", "--config-init", "b64", "--format",
                "json"));
        checkPreBind(ClientConfigCodec.parse(asJson.get(0).path("config").asText()));
        assertThat(asJson.get(0).has("token")).isFalse();
    }

    @Test
    void clientsAreListedAndRemovedByNameOrIdPrefix() throws Exception {
        String app = sm("app", "create", "Removal").strip();
        sm("client", "add", "--app", "Removal", "--name", "alpha");
        sm("client", "add", "--app", "Removal", "--name", "beta");
        sm("client", "add", "--app", "Removal", "--name", "gamma", "--unlock-ip");
        String list = sm("client", "list", "--app", "Removal");
        assertThat(list).containsPattern("(?m)^alpha +\\S{12}… +device +on +no ")
                .containsPattern("(?m)^gamma +\\S{12}… +device +off +no ").contains("never");
        JsonNode json = JSON.readTree(sm("client", "list", "--app", app, "--format", "json"));
        assertThat(json).hasSize(3);
        String betaId = fx.backend.apps.get(app).clients.values().stream().filter(c -> c.name.equals("beta"))
                .findFirst().orElseThrow().clientId;

        fails(smAs(adminConfig, "client", "remove", "--app", "Removal", "--client", "delta"), 5, "no client delta");
        assertThat(sm("client", "remove", "--app", "Removal", "--client", "alpha", "--client",
                betaId.substring(0, 10))).contains("Removed client alpha", "Removed client beta");
        assertThat(fx.backend.apps.get(app).clients.values()).extracting(c -> c.name).containsExactly("gamma");
        String gammaId = fx.backend.apps.get(app).clients.keySet().iterator().next();
        sm("client", "remove", "--app", "Removal", "--client", gammaId);
        assertThat(fx.backend.apps.get(app).clients).isEmpty();
    }

    @Test
    void everySecretsManagerCommandHasHelp() {
        for (String path : new String[] {"", "app", "share", "client", "app create", "app list", "app get",
            "app remove", "app share", "share add", "share remove", "client add", "client list", "client remove"}) {
            List<String> args = new ArrayList<>(List.of("secrets-manager"));
            if (!path.isEmpty()) {
                args.addAll(List.of(path.split(" ")));
            }
            args.add("--help");
            Result r = Cli.run(args.toArray(new String[0]));
            assertThat(r.exit()).as(path).isZero();
            assertThat(r.out()).as(path).startsWith("Usage: castellan " + String.join(" ", args.subList(0,
                    args.size() - 1)));
        }
        Result add = Cli.run("secrets-manager", "client", "add", "--help");
        assertThat(add.out()).contains("--app", "--name", "--first-access-expires-in-min", "--access-expire-in-min",
                "--unlock-ip", "--count", "--config-init").doesNotContain("--kind");
    }
}
