package io.castellan.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castellan.cli.Cli;
import io.castellan.cli.Cli.Result;
import io.castellan.cli.Main;
import io.castellan.testkit.CanaryScanner;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code castellan quickstart --no-demo-target} without {@code CASTELLAN_PASSWORD}, as a child process: it generates
 * the administrator's master password and shows it once, starts no PostgreSQL but still builds the sandbox (server,
 * folders, application, gateway online, configuration), and says how to add a target. The generated password logs
 * in from another CLI config and is nowhere in the data directory (every file scanned in every encoding the canary
 * scanner knows). A second run, still without the environment variable, reuses the saved session and the data and
 * does not show the password again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class QuickstartWithoutDemoTargetTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The line that shows a generated password; the password is the last word. */
    private static final Pattern SHOWN = Pattern.compile("master password \\(shown once[^)]*\\): (\\S+)");

    @TempDir
    static Path dir;
    private Path data;
    private Path config;
    private Process quickstart;
    private Path outputFile;
    private String generated;

    @AfterAll
    void tearDown() throws Exception {
        stop();
    }

    @Test
    @Order(1)
    void buildsTheSandboxWithoutPostgresAndShowsAGeneratedPasswordOnce() throws Exception {
        data = dir.resolve("data");
        config = dir.resolve("cli/config.json");
        start("--no-demo-target", "--port", "" + freePort());
        awaitReady();
        String output = output();

        Matcher m = SHOWN.matcher(output);
        assertThat(m.find()).as("a generated password is shown; the output was:%n%s", output).isTrue();
        generated = m.group(1);
        assertThat(generated).matches("[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}");
        assertThat(output.split(Pattern.quote(generated), -1)).as("shown exactly once").hasSize(2);
        assertThat(output).contains("master password generated below")
                .contains("No demo target", "record-add -rt pamDatabase", "pam rotation edit")
                .doesNotContain("Demo PostgreSQL (scram-sha-256)", "Rotating the demo role");

        assertThat(Files.exists(data.resolve("demo-postgres"))).as("no demo cluster").isFalse();
        assertThat(quickstart.descendants().map(p -> p.info().command().orElse(""))
                .filter(c -> c.contains("postgres")).toList()).as("no PostgreSQL process").isEmpty();
        assertThat(JSON.readTree(ok(config, "pam", "gateway", "list", "--format", "json")).get(0).path("online")
                .asBoolean()).as("the gateway is online").isTrue();
        assertThat(ok(config, "ls", "Resources", "--format", "json")).contains(SandboxRecords.CONFIGURATION);
        assertThat(JSON.readTree(ok(config, "ls", "Users", "--format", "json"))).as("no demo records").isEmpty();
    }

    @Test
    @Order(2)
    void theGeneratedPasswordLogsInAndIsWrittenNowhereInTheDataDirectory() throws Exception {
        Path other = dir.resolve("other/config.json");
        Path passwordFile = Files.writeString(dir.resolve("typed.password"), generated);
        String port = QuickstartState.load(data).get("serverPort");
        ok(other, "login", "admin@castellan.local", "--server", "https://127.0.0.1:" + port, "--password-file",
                passwordFile.toString());
        Files.delete(passwordFile);
        assertThat(ok(other, "whoami")).contains("admin@castellan.local");

        Path wrong = Files.writeString(dir.resolve("wrong.password"), generated + "x");
        Result refused = Cli.run("login", "admin@castellan.local", "--server", "https://127.0.0.1:" + port,
                "--password-file", wrong.toString(), "--config", dir.resolve("third/config.json").toString());
        assertThat(refused.exit()).as("a wrong password is refused: %s", refused.err()).isNotZero();

        CanaryScanner.Report report = new CanaryScanner().add("generated master password", generated).scanTree(data);
        assertThat(report.sources()).as("the scan read the store and the logs").containsKeys(
                data.resolve("server/castellan.db").toString(), data.resolve("logs/server.log").toString());
        assertThat(report.isClean()).as(report.describe()).isTrue();
        assertThat(new CanaryScanner().add("generated master password", generated).scanTree(config.getParent())
                .isClean()).as("nor in the CLI's config").isTrue();
    }

    @Test
    @Order(3)
    void aSecondRunReusesTheSessionAndTheDataWithoutShowingThePasswordAgain() throws Exception {
        String before = Files.readString(data.resolve(QuickstartState.FILE));
        stop();
        start("--no-demo-target"); // still no CASTELLAN_PASSWORD: the saved session logs in
        awaitReady();
        assertThat(output()).contains("reusing admin@castellan.local", "the saved session is still valid")
                .doesNotContain(generated, "shown once");
        assertThat(Files.readString(data.resolve(QuickstartState.FILE))).isEqualTo(before);
        assertThat(ok(config, "secrets-manager", "app", "list", "--format", "json"))
                .contains(SandboxRecords.APP);
        assertThat(Files.exists(data.resolve("demo-postgres"))).isFalse();
    }

    private void start(String... extra) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "quickstart", "--data-dir",
                data.toString(), "--config", config.toString()));
        command.addAll(List.of(extra));
        outputFile = Files.createTempFile(dir, "quickstart", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(outputFile.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        Path.of("/dev/null").toFile()));
        pb.environment().remove("CASTELLAN_PASSWORD");
        pb.environment().remove(GatewayClasspath.ENV); // the gateway is on this class path
        quickstart = pb.start();
    }

    private void stop() throws InterruptedException {
        if (quickstart != null && quickstart.isAlive()) {
            quickstart.destroy();
            assertThat(quickstart.waitFor(120, TimeUnit.SECONDS)).as("the quickstart stops").isTrue();
        }
    }

    private String output() throws IOException {
        return Files.readString(outputFile);
    }

    private void awaitReady() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(400);
        while (!output().contains(QuickstartCommand.READY)) {
            assertThat(quickstart.isAlive()).as("quickstart is running; it printed:%n%s", output()).isTrue();
            assertThat(System.nanoTime()).as("quickstart ready in time; it printed:%n%s", output()).isLessThan(end);
            Thread.sleep(500);
        }
    }

    private static String ok(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString()));
        Result r = Cli.run(all.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new AssertionError("castellan " + String.join(" ", args) + " exited " + r.exit() + ": " + r.err());
        }
        return r.out().strip();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}