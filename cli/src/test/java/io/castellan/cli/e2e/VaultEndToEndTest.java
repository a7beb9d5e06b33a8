package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.client.VaultClient;
import io.castellan.client.api.AccountApi;
import io.castellan.client.config.CliConfig;
import io.castellan.client.config.ConfigStore;
import io.castellan.client.transport.ApiTransport;
import io.castellan.client.transport.TlsTrust;
import io.castellan.model.error.CastellanException;
import io.castellan.testkit.CanaryScanner;
import io.castellan.testkit.CanaryScanner.Report;
import io.castellan.testkit.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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
 * The vault end to end: a real server process ({@link ServerProcess}: {@code castellan server start} in its own JVM)
 * on a real store, driven by the real command tree ({@code Main.commandLine()}) as three users on separate "devices"
 * (config files), then a zero-knowledge scan of everything the server wrote. The steps run in order and share state;
 * after a failed step the rest are skipped (their preconditions are gone).
 *
 * <p>Subclasses choose the store: {@link SqliteVaultEndToEndTest}, {@link PostgresVaultEndToEndTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
@ExtendWith(VaultEndToEndTest.StopAfterFailure.class)
abstract class VaultEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private static final String ADMIN = "admin@e2e.example";
    private static final String BOB = "bob@e2e.example";
    private static final String CAROL = "carol@e2e.example";
    private static final String ADMIN_ITERATIONS = "100000"; // a realistic count: one account logs in with it
    private static final String USER_ITERATIONS = "10000";   // the server's floor, for speed

    /** What the server must never see in clear: name → value. */
    private final Map<String, String> textCanaries = new LinkedHashMap<>();
    private final Map<String, byte[]> binaryCanaries = new LinkedHashMap<>();
    /** Everything the users' devices legitimately held or showed: the positive control of the scan. */
    private final ByteArrayOutputStream deviceSide = new ByteArrayOutputStream();
    /** UIDs the server must hold (they are not secret): proof the scan read the store. */
    private final Map<String, String> uids = new LinkedHashMap<>();

    private Path dir;
    private Path dataDir;
    private Path logFile;
    private Path secrets;
    private String dbUrl;
    private ServerProcess server;
    private InterceptingProxy proxy;
    private boolean failed;

    private Device admin;
    private Device adminViaProxy;
    private Device bob;
    private Device carol;
    private Path adminPw;
    private Path bobPw;
    private Path carolPw;

    // the vault's canary-carrying values
    private String userFolder;
    private String sharedFolder;
    private String subFolder;
    private String credTitle;
    private String credPassword1;
    private String credPassword2;
    private String dbTitle;
    private String customLabel;
    private String loginTitle;
    private String loginPassword;
    private String tempTitle;
    private String tempPassword;
    private String attachmentName;
    private byte[] attachmentBytes;
    private Path attachmentFile;

    private String credUid;
    private String dbUid;
    private String loginUid;
    private String tempUid;
    private String bobUid;
    private Instant tempShareExpiresAt;
    private String carolTotpSecret;
    private long carolTotpStep;

    /** @return the JDBC URL of a fresh PostgreSQL database, or {@code null} for the embedded SQLite store */
    protected abstract String createDatabase();

    /** Drops what {@link #createDatabase()} made. */
    protected abstract void dropDatabase();

    /** @return one number from the server's store (the server may be running), e.g. a row count */
    protected abstract long queryLong(String sql, String... parameters) throws Exception;

    /** @return files of the data directory that must exist (and so be scanned) while the server runs */
    protected abstract List<String> liveStoreFiles();

    /** Scans what the store holds outside the data directory (a PostgreSQL dump); SQLite has nothing more. */
    protected abstract Report scanStoreOutsideDataDir(CanaryScanner scanner);

    /** @return the data directory */
    protected Path dataDir() {
        return dataDir;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Lifecycle

    @BeforeAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void prepare() throws Exception {
        dir = Files.createTempDirectory("castellan-e2e-");
        dataDir = dir.resolve("server/data");
        logFile = dir.resolve("server/server.log");
        secrets = Files.createDirectories(dir.resolve("secrets"));
        Path devices = Files.createDirectories(dir.resolve("devices"));
        admin = new Device("admin", devices.resolve("admin/config.json"));
        adminViaProxy = new Device("admin-2", devices.resolve("admin-2/config.json"));
        bob = new Device("bob", devices.resolve("bob/config.json"));
        carol = new Device("carol", devices.resolve("carol/config.json"));
        adminPw = passwordFile("admin", text("admin master password", "cnryAdminPw"));
        bobPw = passwordFile("bob", text("bob master password", "cnryBobPw"));
        carolPw = passwordFile("carol", text("carol master password", "cnryCarolPw"));
        dbUrl = createDatabase();
    }

    @AfterAll
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void cleanUp() throws Exception {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } finally {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                try {
                    dropDatabase();
                } finally {
                    if (failed) {
                        System.err.println("castellan e2e: kept " + dir + " for inspection (server log: " + logFile
                                + ")");
                    } else if (dir != null) {
                        ScenarioFiles.deleteTree(dir);
                    }
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
            context.getTestInstance().ifPresent(i -> ((VaultEndToEndTest) i).failed = true);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The scenario

    @Test
    @Order(1)
    void initAdminOfflineThenStartTheServerAndLogInPinningItsCertificate() throws Exception {
        List<String> init = new ArrayList<>(List.of("server", "init-admin", "--data-dir", dataDir.toString(),
                "--email", ADMIN, "--password-file", adminPw.toString(), "--iterations", ADMIN_ITERATIONS));
        if (dbUrl != null) {
            init.addAll(List.of("--db-url", dbUrl));
        }
        Result created = Cli.run(init.toArray(String[]::new));
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("Created administrator " + ADMIN + " (");

        server = startServer(0);
        assertThat(server.url()).matches("https://127\\.0\\.0\\.1:\\d+");

        // Refused (the server holds the data directory); how clearly is InitAdminWhileTheServerRunsTest's concern.
        Result again = Cli.run(init.toArray(String[]::new));
        assertThat(again.exit()).as("init-admin while the server holds the data directory").isNotZero();
        assertThat(again.err()).startsWith("castellan: ");

        Result login = admin.ok("login", ADMIN, "--server", server.url(), "--password-file", adminPw.toString());
        assertThat(login.out()).contains("Pinned the server's TLS certificate, SHA-256 fingerprint "
                + server.fingerprint(), "Logged in as " + ADMIN + " on " + server.url());
        assertThat(Files.readString(admin.config)).contains(server.fingerprint());

        JsonNode me = admin.json("whoami");
        assertThat(me.path("email").asText()).isEqualTo(ADMIN);
        assertThat(me.path("isAdmin").asBoolean()).isTrue();
        assertThat(me.path("server").asText()).isEqualTo(server.url());
    }

    @Test
    @Order(2)
    void theAdministratorInvitesUsersWhoRegisterAndLogIn() throws Exception {
        String bobInvite = admin.ok("enterprise-user", "add", BOB).out().strip();
        String carolInvite = admin.ok("enterprise-user", "add", CAROL).out().strip();
        assertThat(bobInvite).isNotBlank().doesNotContain("\n").isNotEqualTo(carolInvite);

        Result registered = bob.ok("register", BOB, "--invite", bobInvite, "--server", server.url(),
                "--password-file", bobPw.toString(), "--iterations", USER_ITERATIONS);
        assertThat(registered.out()).contains("Pinned the server's TLS certificate, SHA-256 fingerprint "
                + server.fingerprint(), "Registered " + BOB);
        carol.ok("register", CAROL, "--invite", carolInvite, "--server", server.url(), "--password-file",
                carolPw.toString(), "--iterations", USER_ITERATIONS);

        Path stranger = dir.resolve("devices/stranger/config.json");
        Result reused = new Device("stranger", stranger).run("register", BOB, "--invite", bobInvite, "--server",
                server.url(), "--password-file", bobPw.toString(), "--iterations", USER_ITERATIONS);
        assertThat(reused.exit()).as("an invitation works once: %s", reused.err()).isEqualTo(3);

        bob.ok("login", BOB, "--password-file", bobPw.toString());
        carol.ok("login", CAROL, "--password-file", carolPw.toString());
        JsonNode bobMe = bob.json("whoami");
        assertThat(bobMe.path("email").asText()).isEqualTo(BOB);
        assertThat(bobMe.path("isAdmin").asBoolean()).isFalse();
        bobUid = bobMe.path("userUid").asText();

        Result wrong = bob.run("login", BOB, "--password-file", carolPw.toString());
        assertThat(wrong.exit()).isEqualTo(3);
        assertThat(wrong.err().lines()).singleElement().asString().startsWith("castellan: ").contains("password")
                .doesNotContain(Files.readString(carolPw).strip());

        JsonNode users = admin.json("enterprise-user", "list");
        assertThat(users.findValuesAsText("email")).contains(ADMIN, BOB, CAROL);
        assertThat(statusOf(users, CAROL)).isEqualTo("active");

        Result notAdmin = bob.run("enterprise-user", "add", "mallory@e2e.example");
        assertThat(notAdmin.exit()).as(notAdmin.err()).isEqualTo(4);
    }

    @Test
    @Order(3)
    void foldersRecordsAndAnAttachmentCarryingCanariesAreShownToTheirOwner() throws Exception {
        userFolder = text("user folder name", "cnryUserFolder");
        sharedFolder = text("shared folder name", "cnrySharedFolder");
        uids.put("user folder", admin.ok("mkdir", "-uf", userFolder).out().strip());
        uids.put("shared folder", admin.ok("mkdir", "-sf", sharedFolder).out().strip());
        subFolder = text("name of a folder inside the shared folder", "cnrySubFolder");
        uids.put("folder inside the shared folder", admin.ok("mkdir", "-uf", sharedFolder + "/" + subFolder).out()
                .strip());

        credTitle = text("pamUser title", "cnryCredTitle");
        String credLogin = text("pamUser login", "cnryCredLogin");
        credPassword1 = text("pamUser password (revision 1)", "cnryCredPwOne");
        String pem = text("pamUser private key", "cnryPemKey");
        String credNotes = text("pamUser notes", "cnryCredNotes");
        credUid = admin.ok("record-add", "-rt", "pamUser", "-t", credTitle, "--folder", userFolder,
                "login=" + credLogin, "password=" + credPassword1, "secret.privatePEMKey=" + pem,
                "--notes", credNotes).out().strip();
        assertThat(credUid).hasSize(22);

        dbTitle = text("pamDatabase title", "cnryDbTitle");
        String dbHost = text("pamDatabase host", "cnrydbhost") + ".example.net";
        customLabel = text("custom field label", "CnryLabel");
        String customValue = text("custom field value", "cnryCustomValue");
        String dbNotes = text("pamDatabase notes", "cnryDbNotes");
        dbUid = admin.ok("record-add", "-rt", "pamDatabase", "-t", dbTitle, "pamHostname=" + dbHost + ":5432",
                "c." + customLabel + "=" + customValue, "--link", credUid, "--notes", dbNotes).out().strip();

        loginTitle = text("login title", "cnryLoginTitle");
        String loginName = text("login name", "cnryLoginName");
        loginPassword = text("login password", "cnryLoginPw");
        String seed = "CNRYTOTP" + random(BASE32, 24);
        textCanaries.put("record TOTP seed", seed);
        String otpauth = text("record TOTP URI", "otpauth://totp/E2e:ops?secret=" + seed + "&issuer=E2e&x=");
        loginUid = admin.ok("record-add", "-rt", "login", "-t", loginTitle, "--folder", sharedFolder,
                "login=" + loginName, "password=" + loginPassword, "oneTimeCode=" + otpauth,
                "url=https://intranet.e2e.example/").out().strip();

        tempTitle = text("expiring record title", "cnryTempTitle");
        tempPassword = text("expiring record password", "cnryTempPw");
        tempUid = admin.ok("record-add", "-rt", "login", "-t", tempTitle, "login=temp",
                "password=" + tempPassword).out().strip();
        uids.put("pamUser", credUid);
        uids.put("pamDatabase", dbUid);
        uids.put("login", loginUid);
        uids.put("expiring", tempUid);

        attachmentName = text("attachment file name", "cnryAttach") + ".bin";
        String attachmentText = text("attachment text", "cnryAttachText");
        byte[] noise = new byte[512];
        RANDOM.nextBytes(noise);
        attachmentBytes = concat((attachmentText + "\n").getBytes(StandardCharsets.UTF_8), noise);
        binaryCanaries.put("attachment bytes", attachmentBytes);
        attachmentFile = Files.write(Files.createDirectories(dir.resolve("files")).resolve(attachmentName),
                attachmentBytes);
        deviceSide.writeBytes(attachmentBytes);
        uids.put("attachment", admin.ok("upload-attachment", loginUid, "--file", attachmentFile.toString())
                .out().strip());

        assertThat(admin.ok("ls").out().lines()).containsExactlyInAnyOrder(userFolder + "/", sharedFolder + "/",
                dbTitle, tempTitle);
        assertThat(admin.ok("ls", "-l").out()).containsPattern("(?m)^shared folder +" + uids.get("shared folder")
                + " +" + sharedFolder + "/$");
        assertThat(admin.ok("ls", userFolder).out()).isEqualTo(credTitle + "\n");
        assertThat(admin.ok("tree").out()).contains("  " + userFolder + "/\n    " + credTitle + " [pamUser]",
                "  " + sharedFolder + "/ (shared)\n    " + subFolder + "/\n    " + loginTitle + " [login]",
                "  " + dbTitle + " [pamDatabase]");

        Result masked = admin.ok("get", credUid);
        assertThat(masked.out()).contains(credTitle, credLogin, credNotes).containsPattern("(?m)^password +\\*{8}$")
                .containsPattern("(?m)^secret:privatePEMKey +\\*{8}$").doesNotContain(credPassword1, pem);
        assertThat(admin.ok("get", userFolder + "/" + credTitle, "--unmask").out()).contains(credPassword1, pem);

        JsonNode db = admin.json("get", dbUid, "--unmask");
        assertThat(db.path("title").asText()).isEqualTo(dbTitle);
        assertThat(db.path("notes").asText()).isEqualTo(dbNotes);
        assertThat(db.path("links").get(0).path("uid").asText()).isEqualTo(credUid);
        assertThat(db.path("custom").toString()).contains(customLabel, customValue);
        assertThat(db.path("fields").toString()).contains(dbHost, "5432");

        Result login = admin.ok("get", loginUid, "--unmask");
        assertThat(login.out()).contains(loginTitle, loginName, loginPassword, otpauth, "/" + sharedFolder)
                .containsPattern("(?m)^Attachment +" + attachmentName + " \\(" + attachmentBytes.length + " bytes, "
                        + uids.get("attachment") + "\\)$");
        admin.ok("get", tempUid, "--unmask");

        Path downloads = Files.createDirectories(dir.resolve("downloads/admin"));
        admin.ok("download-attachment", loginUid, "--out", downloads.toString());
        assertThat(Files.readAllBytes(downloads.resolve(attachmentName))).isEqualTo(attachmentBytes);
    }

    @Test
    @Order(4)
    void updatesKeepHistoryAndAStaleRevisionIsRefused() throws Exception {
        credPassword2 = text("pamUser password (revision 2)", "cnryCredPwTwo");
        assertThat(admin.ok("record-update", credUid, "password=" + credPassword2).out())
                .isEqualTo("Updated " + credUid + " (revision 2).\n");
        assertThat(admin.ok("get", credUid, "--unmask").out()).contains(credPassword2)
                .containsPattern("(?m)^Revision +2$")
                .doesNotContain(credPassword1);
        Result history = admin.ok("record-history", credUid);
        assertThat(history.out()).containsPattern("(?m)^2 +\\(current\\) +" + credTitle + "$")
                .containsPattern("(?m)^1 +\\S+ +" + credTitle + "$");
        assertThat(admin.ok("record-history", credUid, "--revision", "1", "--unmask").out())
                .contains(credPassword1).doesNotContain(credPassword2);

        // Client A (a second device of the administrator, through a proxy) reads revision 2 and writes it back;
        // just before A's write reaches the server, client B changes the record to revision 3.
        proxy = new InterceptingProxy(server.url(), server.fingerprint());
        Result viaProxy = adminViaProxy.ok("login", ADMIN, "--server", proxy.url(), "--password-file",
                adminPw.toString());
        assertThat(viaProxy.out()).contains("Pinned the server's TLS certificate, SHA-256 fingerprint "
                + proxy.fingerprint());
        assertThat(viaProxy.err()).contains("a TLS proxy in between?");
        List<Result> fromB = new ArrayList<>();
        proxy.beforeNext("record_update", () -> fromB.add(admin.ok("record-update", credUid, "c.Rotated=yes")));
        Result stale = adminViaProxy.run("record-update", credUid, "text.distinguishedName=CN=lost-update");
        assertThat(proxy.hookFailures()).isEmpty();
        assertThat(fromB).singleElement().extracting(Result::out).isEqualTo("Updated " + credUid
                + " (revision 3).\n");
        assertThat(proxy.forwarded()).containsSubsequence("POST /api/v1/sync_down", "POST /api/v1/record_update");
        assertThat(stale.exit()).as(stale.err()).isEqualTo(6);
        assertThat(stale.err()).isEqualTo("castellan: record " + credUid
                + " changed since you read it (revision 2, now 3); re-read and retry\n");
        Result current = admin.ok("get", credUid, "--unmask");
        assertThat(current.out()).contains("Rotated", credPassword2).containsPattern("(?m)^Revision +3$")
                .doesNotContain("lost-update");
    }

    @Test
    @Order(5)
    void aViewOnlyShareShowsTheRecordAndItsLinkButNotTheLinkedCredential() throws Exception {
        // Start the expiring share first; it runs out while the other shares are checked.
        tempShareExpiresAt = Instant.now().plusSeconds(15);
        assertThat(admin.ok("share-record", tempUid, "-e", BOB, "--expire-at", tempShareExpiresAt.toString()).out())
                .contains("Shared " + tempUid + " with " + BOB + " until ");
        Result visible = bob.ok("get", tempUid, "--unmask");
        assertThat(visible.out()).contains(tempTitle, tempPassword, "Share expires");
        assertThat(Instant.now()).as("the expiring share was checked before it expired")
                .isBefore(tempShareExpiresAt);
        assertThat(queryLong("SELECT COUNT(*) FROM record_keys WHERE record_uid = ? AND holder_kind = 'user'"
                + " AND holder_uid = ?", tempUid, bobUid)).as("bob holds the expiring record's key").isEqualTo(1);

        Result shared = admin.ok("share-record", dbUid, "-e", BOB);
        assertThat(shared.out()).isEqualTo("Shared " + dbUid + " with " + BOB + ".\n");
        JsonNode seen = bob.json("get", dbUid, "--unmask");
        assertThat(seen.path("title").asText()).isEqualTo(dbTitle);
        assertThat(seen.path("canEdit").asBoolean()).isFalse();
        assertThat(seen.path("custom").toString()).contains(customLabel);
        assertThat(seen.path("links").get(0).path("uid").asText()).isEqualTo(credUid);

        Result linked = bob.run("get", credUid);
        assertThat(linked.exit()).as("the linked pamUser is not shared: %s", linked.err()).isEqualTo(5);
        assertThat(linked.out()).doesNotContain(credTitle, credPassword2);

        Result edit = bob.run("record-update", dbUid, "--notes", "bob was here");
        assertThat(edit.exit()).as(edit.err()).isEqualTo(4);
        assertThat(edit.err()).isEqualTo("castellan: you may not edit this record\n");
        assertThat(admin.json("get", dbUid).path("revision").asLong()).isEqualTo(1);
    }

    @Test
    @Order(6)
    void aSharedFolderMemberSeesItsRecordsUntilRemoved() throws Exception {
        assertThat(bob.ok("ls").out()).doesNotContain(sharedFolder);
        assertThat(admin.ok("share-folder", sharedFolder, "-e", BOB).out())
                .isEqualTo("Added " + BOB + " to /" + sharedFolder + ".\n");
        assertThat(bob.ok("ls").out().lines()).contains(sharedFolder + "/");
        assertThat(bob.ok("ls", sharedFolder).out()).isEqualTo(subFolder + "/\n" + loginTitle + "\n");
        assertThat(bob.ok("get", loginUid, "--unmask").out()).contains(loginPassword, attachmentName);
        Path downloads = Files.createDirectories(dir.resolve("downloads/bob"));
        bob.ok("download-attachment", loginUid, "--out", downloads.toString());
        assertThat(Files.readAllBytes(downloads.resolve(attachmentName))).isEqualTo(attachmentBytes);

        admin.ok("share-folder", sharedFolder, "-e", BOB, "--remove");
        assertThat(bob.ok("ls").out()).doesNotContain(sharedFolder);
        assertThat(bob.ok("tree").out()).doesNotContain(loginTitle).doesNotContain(subFolder);
        Result gone = bob.run("get", loginUid);
        assertThat(gone.exit()).as(gone.err()).isEqualTo(5);
    }

    @Test
    @Order(7)
    void anExpiredShareDisappearsAndTheSweeperDeletesItsKey() throws Exception {
        String holding = "SELECT COUNT(*) FROM record_keys WHERE record_uid = ? AND holder_kind = 'user'"
                + " AND holder_uid = ?";
        // bob's key was checked right after sharing (step 5); on a slow machine it may already be swept here
        Instant deadline = tempShareExpiresAt.plusSeconds(20);
        awaitTrue("bob no longer sees the expired share", deadline, () -> bob.run("get", tempUid).exit() == 5);
        assertThat(Instant.now()).as("not before it expired").isAfterOrEqualTo(tempShareExpiresAt);
        assertThat(bob.ok("ls").out()).doesNotContain(tempTitle);
        awaitTrue("the sweeper deleted bob's wrapped key", deadline, () -> count(holding, tempUid, bobUid) == 0);
        assertThat(queryLong("SELECT COUNT(*) FROM audit_events WHERE event_type = 'record_share_expired'"
                + " AND actor = 'system' AND subject_uids LIKE ?", "%" + tempUid + "%")).isEqualTo(1);
        assertThat(admin.ok("get", tempUid, "--unmask").out()).contains(tempPassword);
    }

    @Test
    @Order(8)
    void aFolderSharedWithATeamIsSeenByItsMembersUntilTheyOrTheTeamAreRemoved() throws Exception {
        String teamUid = admin.ok("enterprise-team", "add", "Ops").out().strip();
        uids.put("team", teamUid);
        assertThat(admin.ok("enterprise-team", "add-user", "Ops", BOB).err()).doesNotContain("pending");
        admin.ok("enterprise-team", "add-user", "Ops", CAROL);
        String teamFolder = text("team folder name", "cnryTeamFolder");
        String teamPassword = text("team record password", "cnryTeamPw");
        uids.put("team folder", admin.ok("mkdir", "-sf", teamFolder).out().strip());
        String recordUid = admin.ok("record-add", "-rt", "login", "-t", "team db", "--folder", teamFolder,
                "login=ops", "password=" + teamPassword).out().strip();
        // as in Keeper Commander, -e takes a team name
        assertThat(admin.ok("share-folder", teamFolder, "-e", "Ops").out())
                .isEqualTo("Added team Ops to /" + teamFolder + ".\n");

        assertThat(bob.ok("get", recordUid, "--unmask").out()).contains(teamPassword);
        assertThat(carol.ok("get", recordUid, "--unmask").out()).contains(teamPassword);
        assertThat(carol.ok("ls").out().lines()).contains(teamFolder + "/");
        Result edit = bob.run("record-update", recordUid, "--notes", "bob was here");
        assertThat(edit.exit()).as("the team may not edit: %s", edit.err()).isEqualTo(4);

        admin.ok("enterprise-team", "remove-user", "Ops", CAROL);
        Result gone = carol.run("get", recordUid);
        assertThat(gone.exit()).as(gone.err()).isEqualTo(5);
        assertThat(carol.ok("ls").out()).doesNotContain(teamFolder);

        admin.ok("share-folder", teamFolder, "--team", "Ops", "--remove");
        Result bobGone = bob.run("get", recordUid);
        assertThat(bobGone.exit()).as(bobGone.err()).isEqualTo(5);

        // A team made before team keys (no key pair): members are pending until 'enterprise-team approve'.
        VaultClient adminClient = new VaultClient(ApiTransport.connect(URI.create(server.url()),
                TlsTrust.pinned(server.fingerprint())), new ConfigStore(admin.config).load());
        adminClient.enterprise().addTeam("Legacy");
        Result pending = admin.ok("enterprise-team", "add-user", "Legacy", BOB);
        assertThat(pending.err()).contains(BOB + " is pending");
        JsonNode teams = admin.json("enterprise-team", "list");
        assertThat(teams.toString()).contains("\"name\":\"Legacy\"", "\"keys\":false", "\"pending\":true");
        Result refused = admin.run("share-folder", teamFolder, "-t", "Legacy");
        assertThat(refused.exit()).as(refused.err()).isEqualTo(2);
        assertThat(refused.err()).contains("the team has no keys yet");
        Result approved = admin.ok("enterprise-team", "approve");
        assertThat(approved.out()).contains("Created keys for team Legacy.", "Approved Legacy/" + BOB + ".");
        admin.ok("share-folder", teamFolder, "-t", "Legacy", "--can-edit");
        bob.ok("record-update", recordUid, "--notes", "edited through team Legacy");
        assertThat(admin.json("get", recordUid).path("revision").asLong()).isEqualTo(2);
        admin.ok("enterprise-team", "remove", "Legacy");
        assertThat(bob.run("get", recordUid).exit()).isEqualTo(5);
        assertThat(admin.ok("enterprise-team", "approve").out()).contains("Nothing to approve.");
    }

    @Test
    @Order(9)
    void aRoleRequiringTwoFactorLocksTheVaultUntilTotpIsSetUp() throws Exception {
        admin.ok("enterprise-role", "Mfa Required", "--add", "--enforcement", "REQUIRE_TWO_FACTOR:True",
                "--add-user", CAROL);
        JsonNode roles = admin.json("enterprise-role", "--list");
        assertThat(roles.toString()).contains("Mfa Required", "\"REQUIRE_TWO_FACTOR\":\"True\"", CAROL);

        Result blocked = carol.run("ls");
        assertThat(blocked.exit()).as(blocked.err()).isEqualTo(4);
        assertThat(blocked.err()).startsWith("castellan: your role requires two-factor authentication");
        JsonNode me = carol.json("whoami");
        assertThat(me.path("enforcements").path("REQUIRE_TWO_FACTOR").asText()).isEqualTo("True");
        assertThat(me.path("roles").toString()).contains("Mfa Required");
        assertThat(me.path("totpEnabled").asBoolean()).isFalse();

        // Carol enrols with the CLI: '2fa add' shows the secret once, '2fa confirm CODE' turns it on.
        JsonNode setup = carol.json("2fa", "add");
        carolTotpSecret = setup.path("secret").asText();
        assertThat(setup.path("otpauthUri").asText()).startsWith("otpauth://totp/").contains(carolTotpSecret);
        byte[] seed = TotpCodes.base32(carolTotpSecret);
        assertThat(seed).hasSize(20);
        textCanaries.put("carol's TOTP seed (base32)", carolTotpSecret);
        binaryCanaries.put("carol's TOTP seed (bytes)", seed);
        deviceSide.writeBytes(setup.toString().getBytes(StandardCharsets.UTF_8));
        deviceSide.writeBytes(seed);
        carolTotpStep = TotpCodes.step(Instant.now());
        Result confirmed = carol.run("2fa", "confirm", TotpCodes.code(seed, carolTotpStep));
        assertThat(confirmed.exit()).as(confirmed.err()).isZero();
        assertThat(carol.json("whoami").path("totpEnabled").asBoolean()).isTrue();

        VaultClient client = new VaultClient(ApiTransport.connect(URI.create(server.url()),
                TlsTrust.pinned(server.fingerprint())), CliConfig.EMPTY);
        char[] password = Files.readString(carolPw).strip().toCharArray();
        try {
            client.login(CAROL, password, null);
            fail("a login without a TOTP code succeeded");
        } catch (CastellanException e) {
            assertThat(AccountApi.isTotpRequired(e)).as(e.getMessage()).isTrue();
        }
        Result replayed = carol.run("login", CAROL, "--password-file", carolPw.toString(), "--totp",
                TotpCodes.code(seed, carolTotpStep));
        assertThat(replayed.exit()).as("the confirmation code was used already: %s", replayed.err()).isEqualTo(3);
        carol.ok("login", CAROL, "--password-file", carolPw.toString(), "--totp",
                TotpCodes.code(seed, carolTotpStep + 1));
        assertThat(carol.ok("ls").out()).isEmpty();
    }

    @Test
    @Order(10)
    void aDisabledUserIsSignedOutEverywhere() throws Exception {
        carol.ok("whoami");
        assertThat(admin.ok("enterprise-user", "disable", CAROL).out()).isEqualTo("Disabled " + CAROL + ".\n");
        Result refused = carol.run("ls");
        assertThat(refused.exit()).as(refused.err()).isEqualTo(3);
        assertThat(refused.err()).startsWith("castellan: not logged in or the session has ended");
        assertThat(statusOf(admin.json("enterprise-user", "list"), CAROL)).isEqualTo("disabled");
    }

    @Test
    @Order(11)
    void logoutEndsTheSessionOnTheServerNotOnlyInTheConfigFile() throws Exception {
        byte[] before = Files.readAllBytes(bob.config);
        assertThat(bob.ok("logout").out()).isEqualTo("Logged out.\n");
        Result after = bob.run("ls");
        assertThat(after.exit()).isEqualTo(3);
        assertThat(after.err()).contains("not logged in");
        // A copy of the config file taken before logout (a stolen file) holds a revoked session.
        Files.write(bob.config, before);
        Result stolen = bob.run("ls");
        assertThat(stolen.exit()).as(stolen.err()).isEqualTo(3);
        assertThat(stolen.err()).startsWith("castellan: not logged in or the session has ended");
    }

    @Test
    @Order(12)
    void aChangedCertificateIsRefusedNamingBothFingerprintsUntilRepinned() throws Exception {
        Report live = scanServerSide(false);
        assertThat(live.hits()).as("zero-knowledge scan of the running server: %s", live.describe()).isEmpty();

        String oldFingerprint = server.fingerprint();
        int port = server.port();
        assertThat(server.stop()).as("graceful stop on SIGTERM").isTrue();
        ScenarioFiles.deleteTree(dataDir.resolve("tls"));
        server = startServer(port);
        assertThat(server.fingerprint()).isNotEqualTo(oldFingerprint);

        Result refused = admin.run("whoami");
        assertThat(refused.exit()).isEqualTo(3);
        assertThat(refused.err()).startsWith("castellan: the TLS certificate of " + server.url() + " has changed")
                .contains(oldFingerprint, server.fingerprint(), "--repin");
        Result repinned = admin.ok("login", ADMIN, "--repin", "--password-file", adminPw.toString());
        assertThat(repinned.out()).contains("Pinned the server's TLS certificate, SHA-256 fingerprint "
                + server.fingerprint());
        assertThat(Files.readString(admin.config)).contains(server.fingerprint()).doesNotContain(oldFingerprint);
        assertThat(admin.ok("get", credUid, "--unmask").out()).contains(credPassword2);
    }

    @Test
    @Order(13)
    void theServerHoldsNoSecretInAnyEncoding() throws Exception {
        CanaryScanner scanner = scanner();
        // Positive control: every canary is where a user legitimately has it (their device), so the scanner and
        // the canary values are right and their absence below means something.
        Report device = scanner.scan("device side", deviceSide.toByteArray()).plus(scanner.scanFile(adminPw))
                .plus(scanner.scanFile(bobPw)).plus(scanner.scanFile(carolPw)).plus(scanner.scanFile(attachmentFile));
        assertThat(device.canariesFound()).containsExactlyInAnyOrderElementsOf(scanner.names());

        Report live = scanServerSide(false);
        assertThat(server.stop()).as("graceful stop on SIGTERM").isTrue();
        assertThat(server.log()).contains("Castellan server stopped");
        Report stopped = scanServerSide(true);
        Report all = live.plus(stopped);
        assertThat(all.hits()).as("zero-knowledge scan: %s", all.describe()).isEmpty();
        assertThat(stopped.sources().keySet()).as("what was scanned").contains(logFile.toString())
                .anyMatch(s -> s.endsWith("/keys/at-rest.key"));
        assertThat(all.bytesScanned()).isGreaterThan(10_000);

        // Positive control on the server side: the store's UIDs (not secret) are found where the scan looked.
        CanaryScanner uidScanner = new CanaryScanner();
        uids.forEach(uidScanner::add);
        Report store = uidScanner.scanTree(dataDir).plus(scanStoreOutsideDataDir(uidScanner));
        assertThat(store.canariesFound()).containsExactlyInAnyOrderElementsOf(uids.keySet());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    private ServerProcess startServer(int port) {
        ServerProcess.Builder builder = ServerProcess.builder(dataDir).listen("127.0.0.1", port).logFile(logFile)
                .startTimeout(Duration.ofSeconds(120));
        if (dbUrl != null) {
            builder.dbUrl(dbUrl);
        }
        return builder.start();
    }

    private CanaryScanner scanner() {
        CanaryScanner scanner = new CanaryScanner();
        textCanaries.forEach(scanner::add);
        binaryCanaries.forEach(scanner::add);
        return scanner;
    }

    /**
     * Scans the data directory and the server log; while the server runs, checks the store's live files (SQLite's
     * WAL and SHM) were among them; after it stopped, also scans the store's dump.
     */
    private Report scanServerSide(boolean stopped) {
        CanaryScanner scanner = scanner();
        Report report = scanner.scanTree(dataDir).plus(scanner.scanFile(logFile));
        if (!stopped) {
            assertThat(report.sources().keySet()).as("scanned while running")
                    .containsAll(liveStoreFiles().stream().map(f -> dataDir.resolve(f).toString()).toList());
        }
        return stopped ? report.plus(scanStoreOutsideDataDir(scanner)) : report;
    }

    private String text(String name, String prefix) {
        String value = prefix + random(ALNUM, 14);
        if (textCanaries.put(name, value) != null) {
            throw new IllegalStateException("canary " + name + " defined twice");
        }
        return value;
    }

    private static String random(String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private Path passwordFile(String who, String password) throws IOException {
        return Files.writeString(secrets.resolve(who + ".pw"), password + "\n");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String statusOf(JsonNode users, String email) {
        for (JsonNode u : users) {
            if (email.equals(u.path("email").asText())) {
                return u.path("status").asText();
            }
        }
        throw new AssertionError("no user " + email + " in " + users);
    }

    private long count(String sql, String... parameters) {
        try {
            return queryLong(sql, parameters);
        } catch (Exception e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    private static void awaitTrue(String what, Instant deadline, BooleanSupplier condition)
            throws InterruptedException {
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(250);
        }
    }

    /** One user's device: the real CLI with its own config file. What it prints is kept for the scan's control. */
    private final class Device {
        private final String name;
        private final Path config;

        Device(String name, Path config) {
            this.name = name;
            this.config = config;
        }

        Result run(String... args) {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--config", config.toString()));
            Result r = Cli.run(all.toArray(String[]::new));
            synchronized (deviceSide) {
                deviceSide.writeBytes(r.out().getBytes(StandardCharsets.UTF_8));
                deviceSide.writeBytes(r.err().getBytes(StandardCharsets.UTF_8));
            }
            return r;
        }

        Result ok(String... args) {
            Result r = run(args);
            if (r.exit() != 0) {
                throw new AssertionError(name + ": castellan " + String.join(" ", args) + " exited " + r.exit()
                        + ": " + r.err());
            }
            return r;
        }

        JsonNode json(String... args) throws IOException {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--format", "json"));
            return JSON.readTree(ok(all.toArray(String[]::new)).out());
        }
    }
}
