package io.castellan.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.castellan.cli.Cli.Result;
import io.castellan.rotators.Credential;
import io.castellan.rotators.RotationException;
import io.castellan.rotators.RotationTarget;
import io.castellan.rotators.ssh.LinuxPasswordRotator;
import io.castellan.sdk.Secret;
import io.castellan.sdk.SecretsManager;
import io.castellan.sdk.SecretsManagerOptions;
import io.castellan.sdk.transport.TlsTrust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process-kill fault injection, every part real: a server process, gateway processes started from
 * {@code pam gateway new -c}'s configuration, the scram-sha-256 PostgreSQL cluster on 5433 and a Linux account on
 * the test sshd (2222) rotated with {@code sudo chpasswd} by an admin account whom sudo asks for its password.
 *
 * <p>Each kill arms one crash point ({@code CASTELLAN_GATEWAY_FAULT}), asks for a rotation, waits for the gateway
 * to halt (status 86), and checks that the vault still holds a credential the target accepts — the current one or
 * the pending one, read by a second device of the gateway's application. Then an unarmed gateway rotates each
 * target again with {@code --wait}: the vault's current password must log in and nothing may stay pending. A kill
 * after which either check fails counts as a lost credential. Rounds per step and target: system property
 * {@code castellan.faultRounds} (default 2).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 1800, unit = TimeUnit.SECONDS)
class RotationFaultInjectionTest {

    private static final List<String> STEPS = List.of("after-pending", "after-change", "after-verify",
            "after-commit");
    private static final Path TEST_ENV = Path.of(System.getenv().getOrDefault("CASTELLAN_TEST_ENV_DIR",
            "/var/tmp/castellan-test-env"));
    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5433/postgres";
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    private RotationLab lab;
    private SecretsManager checker;
    private String gatewayConfig;
    private String superPassword;
    private String pgRole;
    private String sshAdmin;
    private String sshUser;
    private final List<Target> targets = new ArrayList<>();

    /** What a cycle rotates: a pamUser record and how to log in to its target. */
    private interface Target {
        String name();

        String userUid();

        boolean logsIn(String password) throws Exception;
    }

    /** The vault's view of a pamUser through the checking device: its current and its pending password. */
    private record Held(String current, Optional<String> pending) {
    }

    @BeforeAll
    void setUp() throws Exception {
        superPassword = Files.readString(TEST_ENV.resolve("pg/superuser.password")).strip();
        pgRole = "cstfi" + hex(4);
        String pgInitial = "Fi-" + hex(10);
        try (Connection c = pgAdmin(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + pgRole + " LOGIN PASSWORD '" + pgInitial + "'");
        }
        sshAdmin = "cstfa" + hex(4);
        String adminPassword = "Adm-" + hex(10);
        LinuxTestAccounts.create(sshAdmin, adminPassword);
        LinuxTestAccounts.allowSudoChpasswd(sshAdmin);
        sshUser = "cstfu" + hex(4);
        String sshInitial = "Usr-" + hex(10);
        LinuxTestAccounts.create(sshUser, sshInitial);

        lab = RotationLab.start(dir, "admin@fault-injection.example");
        lab.ok("mkdir", "-sf", "Targets");
        String database = lab.ok("record-add", "-rt", "pamDatabase", "-t", "scram pg", "--folder", "Targets",
                "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"5433\"}", "databaseType=postgresql",
                "login=postgres", "password=" + superPassword).out().strip();
        String machine = lab.ok("record-add", "-rt", "pamMachine", "-t", "test sshd", "--folder", "Targets",
                "pamHostname=$JSON:{\"hostName\":\"127.0.0.1\",\"port\":\"2222\"}", "login=" + sshAdmin,
                "password=" + adminPassword).out().strip();
        String pgUser = lab.ok("record-add", "-rt", "pamUser", "-t", "pg role", "--folder", "Targets",
                "login=" + pgRole, "password=" + pgInitial, "text.connectDatabase=postgres").out().strip();
        String linuxUser = lab.ok("record-add", "-rt", "pamUser", "-t", "linux account", "--folder", "Targets",
                "login=" + sshUser, "password=" + sshInitial).out().strip();
        lab.ok("secrets-manager", "app", "create", "pam app");
        lab.ok("secrets-manager", "share", "add", "--app", "pam app", "--secret", "Targets", "--editable");
        gatewayConfig = lab.ok("pam", "gateway", "new", "-n", "gw-fi", "-a", "pam app", "-c").out().strip();
        String configUid = lab.ok("pam", "config", "new", "--environment", "local", "--title", "Lab", "--gateway",
                "gw-fi", "--shared-folder", "Targets", "--rotation", "on").out().strip();
        for (String[] pair : List.of(new String[] {pgUser, database}, new String[] {linuxUser, machine})) {
            lab.ok("pam", "rotation", "edit", "--record", pair[0], "--resource", pair[1], "--configuration",
                    configUid, "--complexity", "24,2,2,2,2", "--on-demand");
        }
        String token = lab.ok("secrets-manager", "client", "add", "--app", "pam app", "--name", "checker").out()
                .strip();
        checker = SecretsManager.initialize(token, SecretsManagerOptions.builder()
                .hostName("127.0.0.1:" + lab.server().port()).tls(TlsTrust.pinned(lab.server().fingerprint()))
                .build());
        targets.add(new Target() {
            public String name() {
                return "postgresql";
            }

            public String userUid() {
                return pgUser;
            }

            public boolean logsIn(String password) {
                return pgLogsIn(password);
            }
        });
        targets.add(new Target() {
            public String name() {
                return "ssh-password";
            }

            public String userUid() {
                return linuxUser;
            }

            public boolean logsIn(String password) throws RotationException {
                return new LinuxPasswordRotator().authenticates(RotationTarget.of("127.0.0.1", 2222),
                        Credential.password(sshUser, password.toCharArray()));
            }
        });
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            if (checker != null) {
                checker.close();
            }
            if (lab != null) {
                lab.close();
            }
        } finally {
            if (sshUser != null) {
                LinuxTestAccounts.remove(sshUser);
            }
            if (sshAdmin != null) {
                LinuxTestAccounts.remove(sshAdmin);
            }
            try (Connection c = pgAdmin(); Statement st = c.createStatement()) {
                st.execute("DROP ROLE IF EXISTS " + pgRole);
            }
        }
    }

    @Test
    void killingTheGatewayAtEveryStepLosesNoCredential() throws Exception {
        int rounds = Integer.getInteger("castellan.faultRounds", 2);
        int kills = 0;
        List<String> lost = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            for (String step : STEPS) {
                for (Target target : targets) {
                    kills++;
                    crash(target, step, target.name() + " " + step + " round " + round, lost, unexpected);
                }
                recover(step + " round " + round, lost);
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        System.out.printf("fault injection: %d kills, %d lost (%d s; %s)%n", kills, lost.size(), seconds,
                String.join(", ", targets.stream().map(Target::name).toList()));
        assertThat(lost).as("cycles that lost a credential").isEmpty();
        assertThat(unexpected).as("cycles where the vault was not in the state the crash point implies").isEmpty();
        assertThat(kills).isEqualTo(rounds * STEPS.size() * targets.size());
        assertThat(Files.readString(lab.gatewayLog())).doesNotContain(superPassword);
    }

    /**
     * One kill: a gateway armed at {@code step} halts while rotating {@code target}; the vault must still hold a
     * password that logs in, in the state the crash point implies.
     */
    private void crash(Target target, String step, String cycle, List<String> lost, List<String> unexpected)
            throws Exception {
        String uid = target.userUid();
        String before = held(uid).current();
        Process armed = lab.startGateway(gatewayConfig, step);
        lab.awaitGateway(true);
        lab.ok("pam", "action", "rotate", "-r", uid);
        assertThat(armed.waitFor(120, TimeUnit.SECONDS)).as(cycle + ": the gateway halted").isTrue();
        assertThat(armed.exitValue()).as(cycle + ": the gateway's exit status; its output ends: "
                + lab.gatewayOutput()).isEqualTo(86);
        lab.awaitGateway(false);

        Held crashed = held(uid);
        boolean currentWorks = target.logsIn(crashed.current());
        boolean pendingWorks = crashed.pending().isPresent() && target.logsIn(crashed.pending().get());
        if (!currentWorks && !pendingWorks) {
            lost.add(cycle + ": after the kill neither the current nor a pending password logs in");
        }
        boolean expected = switch (step) {
            case "after-pending" -> currentWorks && crashed.current().equals(before) && crashed.pending().isPresent()
                    && !pendingWorks;
            case "after-change", "after-verify" -> !currentWorks && pendingWorks
                    && crashed.current().equals(before);
            default -> currentWorks && !crashed.current().equals(before) && crashed.pending().isEmpty();
        };
        if (!expected) {
            unexpected.add(cycle + String.format(": current %s (%s), pending %s (%s)",
                    crashed.current().equals(before) ? "unchanged" : "new", currentWorks ? "works" : "fails",
                    crashed.pending().isPresent() ? "present" : "absent", pendingWorks ? "works" : "fails"));
        }
    }

    /**
     * After the kills of one step: an unarmed gateway rotates every target again with {@code --wait}; each must end
     * with a current password that logs in and nothing pending. (One gateway start serves all targets: a JVM start
     * is the slow part of this test.)
     */
    private void recover(String cycle, List<String> lost) throws Exception {
        lab.startGateway(gatewayConfig, null);
        lab.awaitGateway(true);
        for (Target target : targets) {
            String uid = target.userUid();
            Result again = lab.run("pam", "action", "rotate", "-r", uid, "--wait", "--timeout", "120");
            Held after = held(uid);
            String which = target.name() + " " + cycle;
            if (again.exit() != 0) {
                lost.add(which + ": the next rotation failed (exit " + again.exit() + "): " + again.err().strip());
            } else if (after.pending().isPresent()) {
                lost.add(which + ": a pending password remained after the next rotation");
            } else if (!target.logsIn(after.current())) {
                lost.add(which + ": the vault's current password does not log in after the next rotation");
            }
        }
        lab.stopGateway();
        lab.awaitGateway(false);
    }

    private Held held(String uid) {
        Secret s = checker.getSecretsWithPending(List.of(uid)).records().stream()
                .filter(r -> r.uid().equals(uid)).findFirst()
                .orElseThrow(() -> new AssertionError("the checking device does not see " + uid));
        return new Held(s.password().orElseThrow(), s.pendingData().flatMap(d -> d.firstValue("password", null)));
    }

    private boolean pgLogsIn(String password) {
        Properties p = new Properties();
        p.setProperty("user", pgRole);
        p.setProperty("password", password);
        try (Connection c = DriverManager.getConnection(PG_URL, p)) {
            return c.isValid(5);
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("the scram cluster on 5433 did not answer: " + e.getSQLState(), e);
        }
    }

    private Connection pgAdmin() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", superPassword);
        return DriverManager.getConnection(PG_URL, p);
    }

    private static String hex(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
