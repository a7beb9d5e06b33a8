package io.castellan.cli.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.client.testing.TestCertificates;
import io.castellan.client.testing.VaultFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real command tree against the in-memory implementation of docs/api.md behind TLS and the envelope. */
class CliEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin@example.com";
    private static final String BOB = "bob@example.com";

    @TempDir
    Path dir;

    private VaultFixture fx;
    private Path adminConfig;
    private Path bobConfig;
    private Path adminPw;
    private Path bobPw;

    @BeforeEach
    void start() throws Exception {
        fx = new VaultFixture();
        fx.createAdmin(ADMIN, "admin master pw");
        fx.createUser(BOB, "bob master pw");
        adminConfig = dir.resolve("admin/config.json");
        bobConfig = dir.resolve("bob/config.json");
        adminPw = Files.writeString(dir.resolve("admin.pw"), "admin master pw\n");
        bobPw = Files.writeString(dir.resolve("bob.pw"), "bob master pw\n");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private Result as(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString()));
        return Cli.run(all.toArray(new String[0]));
    }

    private Result ok(Path config, String... args) {
        Result r = as(config, args);
        assertThat(r.exit()).as("%s: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    private void login(Path config, String email, Path pw) {
        ok(config, "login", email, "--server", fx.url(), "--password-file", pw.toString());
    }

    @Test
    void loginPinsTheCertificateOnFirstUseAndPrintsItsFingerprint() throws Exception {
        Result r = ok(adminConfig, "login", ADMIN, "--server", fx.url(), "--password-file", adminPw.toString());
        assertThat(r.out()).contains("Pinned the server's TLS certificate, SHA-256 fingerprint " + fx.fingerprint(),
                "Logged in as " + ADMIN);
        String config = Files.readString(adminConfig);
        assertThat(config).contains(fx.fingerprint()).doesNotContain("admin master pw");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(adminConfig))).isEqualTo("rw-------");

        Result again = ok(adminConfig, "login", ADMIN, "--password-file", adminPw.toString());
        assertThat(again.out()).doesNotContain("Pinned");

        JsonNode me = JSON.readTree(ok(adminConfig, "whoami", "--format", "json").out());
        assertThat(me.path("email").asText()).isEqualTo(ADMIN);
        assertThat(me.path("isAdmin").asBoolean()).isTrue();
        assertThat(ok(adminConfig, "whoami").out()).contains("Administrator  yes");
    }

    @Test
    void aChangedCertificateIsRefusedInOneLineUntilRepinned() throws Exception {
        login(adminConfig, ADMIN, adminPw);
        // From the client's side, "the server now presents another certificate" is the same as "the pin names
        // another certificate": swap the stored pin for an unrelated certificate's fingerprint.
        String otherPin = TestCertificates.selfSigned("other").fingerprint();
        Files.writeString(adminConfig, Files.readString(adminConfig).replace(fx.fingerprint(), otherPin));

        int before = fx.server.received().size();
        Result r = as(adminConfig, "whoami");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("castellan: the TLS certificate of " + fx.url() + " has changed")
                .contains(otherPin, fx.fingerprint(), "--repin"));
        assertThat(fx.server.received()).as("nothing sent over the refused connection").hasSize(before);

        Result repin = ok(adminConfig, "login", ADMIN, "--repin", "--password-file", adminPw.toString());
        assertThat(repin.out()).contains("Pinned the server's TLS certificate, SHA-256 fingerprint "
                + fx.fingerprint());
        assertThat(Files.readString(adminConfig)).contains(fx.fingerprint()).doesNotContain(otherPin);
        ok(adminConfig, "whoami");
    }

    @Test
    void foldersRecordsAndListings() throws Exception {
        login(adminConfig, ADMIN, adminPw);
        ok(adminConfig, "mkdir", "-uf", "Servers");
        ok(adminConfig, "mkdir", "-sf", "Servers/Team");
        String credential = ok(adminConfig, "record-add", "-rt", "pamUser", "-t", "root", "--folder", "Servers",
                "login=root", "password=S3cr3t-pw").out().strip();
        assertThat(credential).hasSize(22);
        String machine = ok(adminConfig, "record-add", "--record-type", "pamMachine", "--title", "db01",
                "--folder", "Servers", "pamHostname=10.0.0.5:22", "text.operatingSystem=Linux", "c.Owner=ops",
                "--link", "Servers/root", "--notes", "primary").out().strip();

        assertThat(ok(adminConfig, "ls", "Servers").out()).isEqualTo("Team/\ndb01\nroot\n");
        assertThat(ok(adminConfig, "ls", "-l", "Servers").out()).contains("shared folder")
                .containsPattern("(?m)^pamMachine +" + machine + " +db01$");
        JsonNode ls = JSON.readTree(ok(adminConfig, "ls", "/Servers", "--format", "json").out());
        assertThat(ls.findValuesAsText("name")).containsExactly("Team", "db01", "root");
        assertThat(ok(adminConfig, "tree").out()).isEqualTo("""
                /
                  Servers/
                    Team/ (shared)
                    db01 [pamMachine]
                    root [pamUser]
                """);

        Result get = ok(adminConfig, "get", "Servers/root");
        assertThat(get.out()).contains("password  ********").doesNotContain("S3cr3t-pw");
        assertThat(ok(adminConfig, "get", credential, "--unmask").out()).contains("S3cr3t-pw");
        JsonNode db = JSON.readTree(ok(adminConfig, "get", machine, "--format", "json").out());
        assertThat(db.path("links").get(0).path("uid").asText()).isEqualTo(credential);
        assertThat(db.path("folder").asText()).isEqualTo("/Servers");
        assertThat(db.path("notes").asText()).isEqualTo("primary");

        ok(adminConfig, "record-update", "Servers/root", "password=N3w-pw", "--title", "root account");
        assertThat(ok(adminConfig, "get", credential, "--unmask").out()).contains("N3w-pw", "root account",
                "Revision  2");
        Result history = ok(adminConfig, "record-history", credential);
        assertThat(history.out()).contains("(current)", "root account").containsPattern("(?m)^1 .*root$");
        assertThat(ok(adminConfig, "record-history", credential, "--revision", "1", "--unmask").out())
                .contains("S3cr3t-pw");

        ok(adminConfig, "mv", "Servers/db01", "/");
        assertThat(ok(adminConfig, "ls").out()).isEqualTo("Servers/\ndb01\n");
        ok(adminConfig, "rm", "db01");
        assertThat(ok(adminConfig, "ls").out()).isEqualTo("Servers/\n");
        ok(adminConfig, "rmdir", "Servers/Team");
    }

    @Test
    void commandErrorsAreOneLineWithCatalogueExitCodes() throws Exception {
        Result notLoggedIn = as(adminConfig, "ls", "--server", fx.url());
        assertThat(notLoggedIn.exit()).isEqualTo(3);
        assertThat(notLoggedIn.err()).startsWith("castellan: ").contains("not pinned yet");

        login(adminConfig, ADMIN, adminPw);
        Result missing = as(adminConfig, "get", "nothing/here");
        assertThat(missing.exit()).isEqualTo(5);
        assertThat(missing.err().lines()).singleElement().asString().startsWith("castellan: no record");

        Result invalid = as(adminConfig, "record-add", "-rt", "pamMachine", "-t", "x", "login=root",
                "password=TopSecret");
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err()).isEqualTo("castellan: pamMachine: field pamHostname: required field is empty\n")
                .doesNotContain("TopSecret");

        Result badType = as(adminConfig, "record-add", "-rt", "pamMachine", "-t", "x", "pasword=TopSecret");
        assertThat(badType.exit()).isEqualTo(2);
        assertThat(badType.err()).contains("unknown field type \"pasword\"").doesNotContain("TopSecret");

        Result badExpiry = as(adminConfig, "share-record", "x", "-e", BOB, "--expire-in", "soon");
        assertThat(badExpiry.exit()).isEqualTo(2);
        assertThat(badExpiry.err()).contains("--expire-in");

        Result forbidden = as(bobConfig, "login", BOB, "--server", fx.url(), "--password-file", adminPw.toString());
        assertThat(forbidden.exit()).isEqualTo(3);
        assertThat(forbidden.err()).isEqualTo("castellan: wrong e-mail or password\n");
    }

    @Test
    void sharingRecordsAndFoldersBetweenUsers() throws Exception {
        login(adminConfig, ADMIN, adminPw);
        login(bobConfig, BOB, bobPw);
        ok(adminConfig, "mkdir", "-sf", "Team");
        ok(adminConfig, "record-add", "-rt", "login", "-t", "wiki", "--folder", "Team", "login=a", "password=p1");
        ok(adminConfig, "record-add", "-rt", "login", "-t", "vpn", "login=b", "password=p2");

        ok(adminConfig, "share-folder", "Team", "-e", BOB, "--can-edit");
        Result shared = ok(adminConfig, "share-record", "vpn", "-e", BOB, "--expire-in", "2d");
        assertThat(shared.out()).contains("Shared", BOB, "until");

        assertThat(ok(bobConfig, "tree").out()).contains("Team/ (shared)", "wiki [login]", "vpn [login]");
        assertThat(ok(bobConfig, "get", "Team/wiki", "--unmask").out()).contains("p1");
        assertThat(ok(bobConfig, "get", "vpn", "--unmask").out()).contains("p2", "Share expires");
        ok(bobConfig, "record-update", "Team/wiki", "password=p1-bob");
        Result denied = as(bobConfig, "record-update", "vpn", "password=nope");
        assertThat(denied.exit()).isEqualTo(4);

        ok(adminConfig, "share-record", "vpn", "-e", BOB, "--revoke");
        ok(adminConfig, "share-folder", "Team", "-e", BOB, "--remove");
        assertThat(ok(bobConfig, "ls").out()).isEmpty();
    }

    @Test
    void attachmentsRoundTripThroughFiles() throws Exception {
        login(adminConfig, ADMIN, adminPw);
        ok(adminConfig, "record-add", "-rt", "pamUser", "-t", "deploy", "login=deploy");
        Path key = Files.writeString(dir.resolve("id_ed25519"), "PRIVATE KEY MATERIAL");
        String uid = ok(adminConfig, "upload-attachment", "deploy", "--file", key.toString()).out().strip();
        assertThat(uid).hasSize(22);
        assertThat(ok(adminConfig, "get", "deploy").out()).contains("id_ed25519 (20 bytes, " + uid + ")");

        Path out = Files.createDirectory(dir.resolve("out"));
        ok(adminConfig, "download-attachment", "deploy", "--out", out.toString());
        Path saved = out.resolve("id_ed25519");
        assertThat(Files.readString(saved)).isEqualTo("PRIVATE KEY MATERIAL");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved))).isEqualTo("rw-------");

        Result again = as(adminConfig, "download-attachment", "deploy", "--out", out.toString());
        assertThat(again.exit()).isEqualTo(6);
        assertThat(again.err()).contains("already exists");
    }

    @Test
    void enterpriseAdministrationAndRegistration() throws Exception {
        login(adminConfig, ADMIN, adminPw);
        String code = ok(adminConfig, "enterprise-user", "add", "carol@example.com").out().strip();
        Path carolConfig = dir.resolve("carol/config.json");
        Path carolPw = Files.writeString(dir.resolve("carol.pw"), "carol master pw");
        Result registered = ok(carolConfig, "register", "carol@example.com", "--invite", code, "--server", fx.url(),
                "--password-file", carolPw.toString(), "--iterations", "1000");
        assertThat(registered.out()).contains("Pinned", "Registered carol@example.com");
        login(carolConfig, "carol@example.com", carolPw);

        ok(adminConfig, "enterprise-role", "Rotators", "--add", "--enforcement", "ALLOW_PAM_ROTATION:True",
                "--add-user", "carol@example.com");
        assertThat(ok(adminConfig, "enterprise-role", "--list").out())
                .contains("Rotators", "ALLOW_PAM_ROTATION:True", "carol@example.com");
        assertThat(ok(carolConfig, "whoami").out()).contains("ALLOW_PAM_ROTATION", "Rotators");
        ok(adminConfig, "enterprise-team", "add", "DBAs");
        ok(adminConfig, "enterprise-team", "add-user", "DBAs", "carol@example.com");
        assertThat(ok(adminConfig, "enterprise-team", "list").out()).contains("DBAs", "carol@example.com");
        JsonNode users = JSON.readTree(ok(adminConfig, "enterprise-user", "list", "--format", "json").out());
        assertThat(users.findValuesAsText("email")).contains(ADMIN, BOB, "carol@example.com");

        Result notAdmin = as(carolConfig, "enterprise-user", "list");
        assertThat(notAdmin.exit()).isEqualTo(4);
        Result badPolicy = as(adminConfig, "enterprise-role", "Rotators", "--enforcement", "allow");
        assertThat(badPolicy.exit()).isEqualTo(2);

        ok(adminConfig, "enterprise-user", "disable", "carol@example.com");
        Result disabled = as(carolConfig, "whoami");
        assertThat(disabled.exit()).isEqualTo(3);
        assertThat(disabled.err()).contains("castellan login");
    }

    @Test
    void logoutForgetsTheSession() throws Exception {
        login(adminConfig, ADMIN, adminPw);
        assertThat(ok(adminConfig, "logout").out()).contains("Logged out.");
        assertThat(Files.readString(adminConfig)).doesNotContain("session");
        assertThat(fx.backend.liveSessions()).isZero();
        Result r = as(adminConfig, "ls");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("castellan: not logged in; run 'castellan login EMAIL'\n");
        assertThat(ok(adminConfig, "logout").out()).contains("Not logged in.");
    }
}
