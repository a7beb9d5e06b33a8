package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.cli.Cli.Result;
import io.castellan.model.record.RecordData;
import io.castellan.sdk.Secret;
import io.castellan.sdk.SecretFolder;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.SecretsManagerOptions;
import io.castellan.sdk.transport.TlsTrust;
import io.castellan.testkit.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Folders inside a shared folder end to end, one model for vault users and devices: a real server process on a real
 * store, the real CLI ({@code Main.commandLine()}) making sub-folders and placing and moving records, and a device of
 * an application granted the shared folder (Castellan's Java SDK over HTTPS with the certificate pinned) seeing them
 * through {@code get_folders}/{@code get_secret} — and the other way round, a device-made sub-folder and its record in
 * the CLI's {@code ls}. The steps run in order and share state; after a failed step the rest are skipped.
 *
 * <p>Subclasses choose the store: {@link SqliteSubFolderEndToEndTest}, {@link PostgresSubFolderEndToEndTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
@ExtendWith(SubFolderEndToEndTest.StopAfterFailure.class)
abstract class SubFolderEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin@subfolder-e2e.example";
    private static final String APP = "ops e2e";

    private Path dir;
    private Path dataDir;
    private Path logFile;
    private Path config;
    private Path adminPw;
    private String dbUrl;
    private ServerProcess server;
    private boolean failed;

    private String sharedUid;
    private String prodUid;
    private String dbUid;
    private String recordUid;
    private String password;
    private SecretsManager device;

    /** @return the JDBC URL of a fresh PostgreSQL database, or {@code null} for the embedded SQLite store */
    protected abstract String createDatabase();

    /** Drops what {@link #createDatabase()} made. */
    protected abstract void dropDatabase();

    @BeforeAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void prepare() throws Exception {
        dir = Files.createTempDirectory("castellan-subfolder-e2e-");
        dataDir = dir.resolve("server/data");
        logFile = dir.resolve("server/server.log");
        config = dir.resolve("devices/admin/config.json");
        Files.createDirectories(config.getParent());
        adminPw = Files.writeString(Files.createDirectories(dir.resolve("secrets")).resolve("admin.pw"),
                "admin master password " + ScenarioFiles.random(12) + "\n");
        dbUrl = createDatabase();
    }

    @AfterAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void cleanUp() throws Exception {
        try {
            if (device != null) {
                device.close();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            try {
                dropDatabase();
            } finally {
                if (failed) {
                    System.err.println("castellan sub-folder e2e: kept " + dir + " (server log: " + logFile + ")");
                } else if (dir != null) {
                    ScenarioFiles.deleteTree(dir);
                }
            }
        }
    }

    @BeforeEach
    void skipAfterAFailedStep() {
        assumeTrue(!failed, "an earlier step failed; see its report");
    }

    /** Marks the class failed, so later steps are skipped instead of failing for an unrelated reason. */
    static final class StopAfterFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            context.getTestInstance().ifPresent(i -> ((SubFolderEndToEndTest) i).failed = true);
        }
    }

    @Test
    @Order(1)
    void theCliMakesFoldersInsideASharedFolderAndARecordInOne() throws Exception {
        server = ScenarioServer.initAdminAndStart(dataDir, dbUrl, ADMIN, adminPw, logFile);
        ok("login", ADMIN, "--server", server.url(), "--password-file", adminPw.toString());

        sharedUid = ok("mkdir", "-sf", "Ops").out().strip();
        prodUid = ok("mkdir", "-uf", "Ops/Prod").out().strip();
        dbUid = ok("mkdir", "Ops/Prod/Db").out().strip();
        assertThat(List.of(sharedUid, prodUid, dbUid)).allSatisfy(u -> assertThat(u).hasSize(22));

        Result nested = run("mkdir", "-sf", "Ops/Prod/Team");
        assertThat(nested.exit()).isEqualTo(2);
        assertThat(nested.err()).contains("shared folders cannot nest", "/Ops/Prod is inside shared folder /Ops");
        Result direct = run("mkdir", "-sf", "Ops/Team");
        assertThat(direct.exit()).isEqualTo(2);
        assertThat(direct.err()).contains("shared folders cannot nest: /Ops is a shared folder");

        password = "pw-" + ScenarioFiles.random(16);
        recordUid = ok("record-add", "-rt", "login", "-t", "db admin", "--folder", "Ops/Prod", "login=dba",
                "password=" + password).out().strip();
        assertThat(ok("ls", "Ops").out()).isEqualTo("Prod/\n");
        assertThat(ok("ls", "Ops/Prod").out()).isEqualTo("Db/\ndb admin\n");
        assertThat(ok("ls", "-l", "Ops/Prod").out()).contains(dbUid, recordUid);
        JsonNode listed = json("ls", "Ops/Prod");
        assertThat(listed.get(0).path("folderKind").asText()).isEqualTo("shared_folder_folder");
        assertThat(listed.get(1).path("uid").asText()).isEqualTo(recordUid);
        assertThat(ok("tree").out()).isEqualTo("/\n  Ops/ (shared)\n    Prod/\n      Db/\n      db admin [login]\n");
        assertThat(ok("get", "Ops/Prod/db admin", "--unmask").out()).contains(password);
        assertThat(ok("ls").out()).as("not at the root any more").isEqualTo("Ops/\n");
    }

    @Test
    @Order(2)
    void aDeviceOfAnApplicationGrantedTheSharedFolderSeesTheFoldersAndThePlacement() throws Exception {
        ok("secrets-manager", "app", "create", APP);
        Result subGrant = run("secrets-manager", "share", "add", "--app", APP, "--secret", "Ops/Prod");
        assertThat(subGrant.exit()).isEqualTo(2);
        assertThat(subGrant.err()).contains("inside a shared folder; grant the shared folder");
        Result subMembers = run("share-folder", "Ops/Prod", "-e", "someone@subfolder-e2e.example");
        assertThat(subMembers.exit()).isEqualTo(2);
        assertThat(subMembers.err()).contains("its members are the shared folder's");
        ok("secrets-manager", "share", "add", "--app", APP, "--secret", "Ops", "--editable");
        String token = ok("secrets-manager", "client", "add", "--app", APP, "--name", "d1").out().strip();
        device = SecretsManager.initialize(token, SecretsManagerOptions.builder()
                .hostName("127.0.0.1:" + server.port()).tls(TlsTrust.pinned(server.fingerprint())).build());

        Secret record = device.getSecrets().record(recordUid).orElseThrow();
        assertThat(record.folderUid()).contains(sharedUid);
        assertThat(record.innerFolderUid()).contains(prodUid);
        assertThat(record.password()).contains(password);

        Map<String, SecretFolder> folders = deviceFolders();
        assertThat(folders.get(prodUid).name()).isEqualTo("Prod");
        assertThat(folders.get(prodUid).parentUid()).contains(sharedUid);
        assertThat(folders.get(prodUid).isSharedFolder()).isFalse();
        assertThat(folders.get(dbUid).name()).isEqualTo("Db");
        assertThat(folders.get(dbUid).parentUid()).contains(prodUid);
    }

    @Test
    @Order(3)
    void movesInAndOutOfSubFoldersAreWhatTheDeviceSees() throws Exception {
        assertThat(ok("mv", "Ops/Prod/db admin", "Ops/Prod/Db").out()).isEqualTo("Moved " + recordUid
                + " to /Ops/Prod/Db.\n");
        assertThat(ok("ls", "Ops/Prod/Db").out()).isEqualTo("db admin\n");
        assertThat(innerFolderOf(recordUid)).contains(dbUid);

        ok("mv", recordUid, "Ops");
        assertThat(ok("ls", "Ops").out()).isEqualTo("Prod/\ndb admin\n");
        assertThat(innerFolderOf(recordUid)).isEmpty();

        ok("mv", recordUid, "/");
        assertThat(device.getSecrets().record(recordUid)).as("out of the shared folder, out of the app").isEmpty();
        assertThat(ok("ls").out()).isEqualTo("Ops/\ndb admin\n");

        ok("mv", "db admin", "Ops/Prod");
        assertThat(innerFolderOf(recordUid)).contains(prodUid);
        assertThat(device.getSecrets().record(recordUid).orElseThrow().password()).contains(password);
    }

    @Test
    @Order(4)
    void aDeviceMadeSubFolderAndItsRecordAppearInTheCliAndTheCliRenamesIt() throws Exception {
        String fromDevice = device.createFolder(sharedUid, "FromDevice");
        RecordData data = RecordData.create("login", "device secret");
        data.setFieldValue("login", null, "svc");
        String devicePassword = "devPw-" + ScenarioFiles.random(16);
        data.setFieldValue("password", null, devicePassword);
        String deviceRecord = device.createSecret(fromDevice, data);

        assertThat(ok("ls", "Ops").out()).isEqualTo("FromDevice/\nProd/\n");
        assertThat(ok("ls", "Ops/FromDevice").out()).isEqualTo("device secret\n");
        assertThat(ok("get", "Ops/FromDevice/device secret", "--unmask").out()).contains(devicePassword);

        assertThat(ok("rndir", "Ops/FromDevice", "Renamed").out()).contains("Renamed");
        assertThat(deviceFolders().get(fromDevice).name()).isEqualTo("Renamed");
        assertThat(ok("ls", "Ops/Renamed").out()).isEqualTo("device secret\n");
        assertThat(innerFolderOf(deviceRecord)).contains(fromDevice);
    }

    @Test
    @Order(5)
    void rmdirRefusesANonEmptyFolderUnlessAskedToDeleteItsContents() throws Exception {
        Result refused = run("rmdir", "Ops/Prod");
        assertThat(refused.exit()).as(refused.err()).isEqualTo(6);
        assertThat(refused.err()).contains("/Ops/Prod is not empty", "--delete-contents");
        assertThat(ok("ls", "Ops/Prod").out()).isEqualTo("Db/\ndb admin\n");

        ok("rmdir", "Ops/Prod/Db");
        assertThat(deviceFolders()).doesNotContainKey(dbUid);
        ok("rmdir", "--delete-contents", "Ops/Prod");
        assertThat(ok("ls", "Ops").out()).isEqualTo("Renamed/\n");
        assertThat(deviceFolders()).doesNotContainKeys(prodUid).containsKey(sharedUid);
        assertThat(device.getSecrets().record(recordUid)).isEmpty();
        assertThat(run("get", recordUid).exit()).isEqualTo(5);

        Result notHere = run("rmdir", "--delete-contents", "Ops");
        assertThat(notHere.exit()).isEqualTo(2);
        assertThat(notHere.err()).contains("only to folders inside a shared folder");
    }

    private Map<String, SecretFolder> deviceFolders() {
        return device.getFolders().stream().collect(Collectors.toMap(SecretFolder::uid, f -> f));
    }

    private Optional<String> innerFolderOf(String uid) {
        return device.getSecrets().record(uid).orElseThrow().innerFolderUid();
    }

    private Result run(String... args) {
        return ConfiguredCli.run(config, args);
    }

    private Result ok(String... args) {
        return ConfiguredCli.ok(config, args);
    }

    private JsonNode json(String... args) throws IOException {
        return ConfiguredCli.json(config, args);
    }
}
