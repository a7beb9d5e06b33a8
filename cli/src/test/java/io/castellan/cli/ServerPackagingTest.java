package io.castellan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * packaging/ for the server, checked without a running systemd: the install script stages every file for real,
 * {@code systemd-analyze verify} checks the unit against the staged launcher, and the arguments the unit passes are
 * parsed by the real {@code castellan} command line.
 */
@Timeout(120)
class ServerPackagingTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path PACKAGING = REPO.resolve("packaging");
    private static final Path UNIT = PACKAGING.resolve("systemd/castellan-server.service");
    private static final Path INSTALL = PACKAGING.resolve("install-server.sh");

    @TempDir
    Path root;

    @Test
    void theInstallScriptStagesTheJarLauncherDataDirectoryAndUnit() throws Exception {
        Path jar = Files.write(root.resolve("castellan.jar"), new byte[] {'P', 'K', 3, 4});
        Path staged = stage(jar);

        assertThat(staged.resolve("opt/castellan/castellan.jar")).hasSameBinaryContentAs(jar);
        Path launcher = staged.resolve("opt/castellan/bin/castellan");
        assertThat(Files.isExecutable(launcher)).isTrue();
        assertThat(Files.readString(launcher)).contains("JAVA=${JAVA:-/usr/bin/java}",
                "-jar /opt/castellan/castellan.jar");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(staged.resolve("var/lib/castellan"))))
                .isEqualTo("rwx------");
        assertThat(staged.resolve("etc/systemd/system/castellan-server.service")).hasSameTextualContentAs(UNIT);

        Result noJar = run(List.of("bash", INSTALL.toString(), "--root", staged.toString()));
        assertThat(noJar.exit()).isEqualTo(2);
        assertThat(noJar.output()).contains("--jar is required");
    }

    @Test
    void theUnitVerifiesAndRunsTheServerAsADedicatedHardenedUserOnItsDataDirectory() throws Exception {
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("User=castellan\n", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "ReadWritePaths=/var/lib/castellan\n", "ProtectHome=yes", "PrivateTmp=yes", "CapabilityBoundingSet=\n",
                "RestartPreventExitStatus=2 10");
        List<String> argv = Arrays.asList(line(unit, "ExecStart=").split("\\s+"));
        assertThat(argv.getFirst()).isEqualTo("/opt/castellan/bin/castellan");
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(argv.subList(1, argv.size())
                .toArray(String[]::new));
        CommandLine.ParseResult start = parsed.subcommand().subcommand();
        assertThat(start.commandSpec().qualifiedName(" ")).endsWith("server start");
        assertThat(start.matchedOptionValue("--data-dir", (Path) null)).isEqualTo(Path.of("/var/lib/castellan"));

        Path staged = stage(Files.write(root.resolve("castellan.jar"), new byte[] {'P', 'K', 3, 4}));
        Path copy = root.resolve("castellan-server.service");
        Files.writeString(copy, unit.replace("ExecStart=/opt/", "ExecStart=" + staged + "/opt/"));
        Result verify = run(List.of("systemd-analyze", "verify", copy.toString()));
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).doesNotContain("castellan-server.service:");
    }

    private Path stage(Path jar) throws Exception {
        Path staged = root.resolve("staged");
        Result r = run(List.of("bash", INSTALL.toString(), "--jar", jar.toString(), "--java", "/usr/bin/java",
                "--root", staged.toString()));
        assertThat(r.exit()).as(r.output()).isZero();
        return staged;
    }

    private static String line(String text, String prefix) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(prefix) + "(.*)$").matcher(text);
        assertThat(m.find()).as("a line starting %s", prefix).isTrue();
        return m.group(1).strip();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}