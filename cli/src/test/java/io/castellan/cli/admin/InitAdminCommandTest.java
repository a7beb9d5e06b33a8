package io.castellan.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.cli.support.UsageErrorHandler;
import io.castellan.client.VaultClient;
import io.castellan.client.keys.AccountKeys;
import io.castellan.client.keys.AccountMaterial;
import io.castellan.client.keys.DerivedKeys;
import io.castellan.client.testing.VaultFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import io.castellan.store.Store;
import io.castellan.store.StoreConfig;
import io.castellan.store.UserRepository;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class InitAdminCommandTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(AdminBootstrap bootstrap, String... args) {
        CommandLine cli = new CommandLine(new InitAdminCommand(() -> bootstrap));
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("castellan: " + ex.getMessage());
            return ex instanceof io.castellan.model.error.CastellanException ce ? ce.code().exitCode() : 1;
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void theMaterialIsWhatRegisterWouldSendAndTheAdminCanLogIn() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "first admin password\n");
        AtomicReference<AccountMaterial> captured = new AtomicReference<>();
        AtomicReference<Path> capturedDir = new AtomicReference<>();
        Run r = run((store, email, material) -> {
            capturedDir.set(store.dataDir());
            captured.set(new AccountMaterial(material.salt(), material.iterations(), material.authHash().clone(),
                    material.encryptedDataKey(), material.publicKey(), material.encryptedPrivateKey()));
            return "ADMINUID";
        }, "--data-dir", dir.toString(), "--email", "root@example.com", "--password-file", pw.toString(),
                "--iterations", "1000");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Created administrator root@example.com (ADMINUID)");
        assertThat(capturedDir.get()).isEqualTo(dir);
        AccountMaterial m = captured.get();
        assertThat(m.iterations()).isEqualTo(1000);
        try (DerivedKeys keys = AccountKeys.derive("first admin password".toCharArray(), m.salt(), 1000)) {
            assertThat(keys.authHash()).isEqualTo(m.authHash());
            assertThat(keys.openDataKey(m.encryptedDataKey())).hasSize(32);
        }
        try (VaultFixture fx = new VaultFixture()) {
            fx.backend.createAdmin("root@example.com", m);
            VaultClient admin = fx.login("root@example.com", "first admin password");
            assertThat(admin.whoami().admin()).isTrue();
            admin.sync().close();
        }
    }

    @Test
    void theRealBootstrapWritesOneAdministratorToTheStoreAndRefusesASecond() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "first admin password\n");
        Path dataDir = dir.resolve("castellan-data");
        Run first = run(new StoreAdminBootstrap(), "--data-dir", dataDir.toString(), "--email", "Root@Example.com",
                "--password-file", pw.toString(), "--iterations", "100000");
        assertThat(first.exit()).as(first.err()).isZero();
        try (Store store = Store.open(StoreConfig.embedded(dataDir))) {
            var users = new UserRepository(store.transactions(), java.time.Clock.systemUTC()).list();
            assertThat(users).singleElement().satisfies(u -> {
                assertThat(u.email()).isEqualTo("root@example.com");
                assertThat(u.admin()).isTrue();
            });
        }
        Run second = run(new StoreAdminBootstrap(), "--data-dir", dataDir.toString(), "--email", "other@example.com",
                "--password-file", pw.toString(), "--iterations", "100000");
        assertThat(second.exit()).isEqualTo(6);
        assertThat(second.err()).contains("administrator already exists");
    }

    @Test
    void badInputIsRefusedBeforeAnyKeyIsMade() throws Exception {
        AdminBootstrap never = (store, e, m) -> {
            throw new AssertionError("must not be called");
        };
        Path shortPw = Files.writeString(dir.resolve("short"), "short");
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        assertThat(run(never, "--data-dir", notADirectory.toString(), "--email", "a@b.c").exit()).isEqualTo(2);
        assertThat(run(never, "--data-dir", dir.toString(), "--email", "a@b.c", "--password-file",
                shortPw.toString(), "--iterations", "1000").err()).contains("at least 8");
        assertThat(run(never, "--data-dir", dir.toString(), "--email", "a@b.c", "--iterations", "10").err())
                .contains("iteration");
        assertThat(run(never, "--email", "a@b.c").exit()).isEqualTo(2);
    }

    @Command(name = "server")
    static final class FakeServerGroup implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void initAdminIsMountedUnderServerOnlyWhenThatGroupExists() {
        CommandLine withoutServer = new CommandLine(new FakeServerGroup());
        assertThat(AdminCommands.mount(withoutServer)).isFalse();

        CommandLine root = new CommandLine(new FakeServerGroup());
        root.addSubcommand("server", new FakeServerGroup());
        assertThat(AdminCommands.mount(root)).isTrue();
        assertThat(root.getSubcommands().get("server").getSubcommands()).containsKey("init-admin");
        assertThat(AdminCommands.mount(root)).as("idempotent").isFalse();
    }
}
