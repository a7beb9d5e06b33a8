package io.castellan.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.castellan.gateway.config.GatewayPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
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
 * packaging/ checked without a Docker engine or a running systemd: the install script stages every file for real,
 * {@code systemd-analyze verify} checks the unit against the staged launcher, the compose file is parsed and every
 * path it and the Dockerfile name exists, and the arguments the unit, the image and the compose file pass are
 * parsed by the gateway's real command line.
 */
@Timeout(120)
class PackagingTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path PACKAGING = REPO.resolve("packaging");
    private static final Path UNIT = PACKAGING.resolve("systemd/castellan-gateway.service");

    @TempDir
    Path root;

    @Test
    void theInstallScriptStagesTheJarLauncherDirectoriesAndUnit() throws Exception {
        Path jar = Files.write(root.resolve("castellan-gateway.jar"), new byte[] {'P', 'K', 3, 4});
        Path staged = root.resolve("staged");

        Result r = run(List.of("bash", PACKAGING.resolve("install.sh").toString(), "--jar", jar.toString(),
                "--java", "/usr/bin/java", "--root", staged.toString()));

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(staged.resolve("opt/castellan-gateway/castellan-gateway.jar")).hasSameBinaryContentAs(jar);
        Path launcher = staged.resolve("opt/castellan-gateway/bin/castellan-gateway");
        assertThat(Files.isExecutable(launcher)).isTrue();
        assertThat(Files.readString(launcher)).contains("JAVA=${JAVA:-/usr/bin/java}",
                "-jar /opt/castellan-gateway/castellan-gateway.jar");
        assertThat(mode(staged.resolve("etc/castellan-gateway"))).isEqualTo("rwx------");
        assertThat(mode(staged.resolve("var/log/castellan-gateway"))).isEqualTo("rwxr-x---");
        assertThat(staged.resolve("etc/systemd/system/castellan-gateway.service")).hasSameTextualContentAs(UNIT);

        Result noJar = run(List.of("bash", PACKAGING.resolve("install.sh").toString(), "--root", staged.toString()));
        assertThat(noJar.exit()).isEqualTo(2);
        assertThat(noJar.output()).contains("--jar is required");
    }

    @Test
    void theSystemdUnitVerifiesAndRunsTheServiceAsADedicatedHardenedUser() throws Exception {
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("User=castellan-gateway", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "ProtectHome=yes", "PrivateTmp=yes", "CapabilityBoundingSet=\n",
                "ReadWritePaths=" + GatewayPaths.SERVICE_CONFIG_DIR + " " + GatewayPaths.SERVICE_LOG_DIR);
        String execStart = line(unit, "ExecStart=");
        List<String> argv = Arrays.asList(execStart.split("\\s+"));
        assertThat(argv.getFirst()).isEqualTo("/opt/castellan-gateway/bin/castellan-gateway");
        assertParses(argv.subList(1, argv.size()));

        // verify the unit with ExecStart pointing at a real launcher (the staged one; the unit itself unchanged
        // but for that prefix, so systemd checks the executable exists)
        Path jar = Files.write(root.resolve("castellan-gateway.jar"), new byte[] {'P', 'K', 3, 4});
        Path staged = root.resolve("staged");
        assertThat(run(List.of("bash", PACKAGING.resolve("install.sh").toString(), "--jar", jar.toString(),
                "--java", "/usr/bin/java", "--root", staged.toString())).exit()).isZero();
        Path copy = root.resolve("castellan-gateway.service");
        Files.writeString(copy, unit.replace("ExecStart=/opt/", "ExecStart=" + staged + "/opt/"));
        Result verify = run(List.of("systemd-analyze", "verify", copy.toString()));
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).doesNotContain("castellan-gateway.service:");
    }

    @Test
    void theDockerfileAndComposeFileReferToWhatTheBuildMakes() throws Exception {
        String dockerfile = Files.readString(PACKAGING.resolve("docker/Dockerfile"));
        assertThat(line(dockerfile, "FROM ")).isEqualTo("eclipse-temurin:21-jre");
        assertThat(line(dockerfile, "USER ")).isEqualTo("castellan-gateway");
        String copy = line(dockerfile, "COPY ");
        String finalName = finalName(Files.readString(REPO.resolve("gateway/pom.xml")));
        assertThat(copy).startsWith("gateway/target/" + finalName + ".jar ");
        assertThat(REPO.resolve("gateway/pom.xml")).exists();
        ObjectMapper json = new ObjectMapper();
        List<String> cmd = new ArrayList<>();
        json.readTree(line(dockerfile, "CMD ")).forEach(n -> cmd.add(n.asText()));
        assertParses(cmd);
        JsonNode entry = json.readTree(line(dockerfile, "ENTRYPOINT "));
        assertThat(entry.toString()).contains("\"-jar\",\"/opt/castellan-gateway/" + finalName + ".jar\"");

        Path composeFile = PACKAGING.resolve("docker/docker-compose.yml");
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(composeFile.toFile());
        JsonNode service = compose.path("services").path("castellan-gateway");
        Path context = composeFile.getParent().resolve(service.path("build").path("context").asText()).normalize();
        assertThat(context).isEqualTo(REPO);
        assertThat(context.resolve(service.path("build").path("dockerfile").asText()))
                .isEqualTo(PACKAGING.resolve("docker/Dockerfile"));
        assertThat(service.path("environment").path("GATEWAY_CONFIG").asText()).startsWith("${GATEWAY_CONFIG:?");
        assertThat(service.path("read_only").asBoolean()).isTrue();
        assertThat(service.path("cap_drop").toString()).contains("ALL");
    }

    private static void assertParses(List<String> args) {
        CommandLine cli = GatewayMain.commandLine(GatewayEnvironment.forProcess());
        CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(String[]::new));
        assertThat(parsed.hasSubcommand()).as("%s names a command", args).isTrue();
    }

    private static String line(String text, String prefix) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(prefix) + "(.*)$").matcher(text);
        assertThat(m.find()).as("a line starting %s", prefix).isTrue();
        return m.group(1).strip();
    }

    private static String finalName(String pom) {
        Matcher m = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
