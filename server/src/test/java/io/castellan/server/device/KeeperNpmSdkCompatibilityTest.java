package io.castellan.server.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castellan.crypto.Base64s;
import io.castellan.server.device.SmWorld.App;
import io.castellan.server.device.SmWorld.VaultFolder;
import io.castellan.server.device.SmWorld.VaultRecord;
import io.castellan.server.keys.TransmissionKey;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified npm SDK {@code @keeper-security/secrets-manager-core} (17.5.0) against the real server, configured
 * only with the config keys {@code hostname}, {@code serverPublicKey}, {@code serverPublicKeyId}
 * (docs/ksm-compatibility.md). Runs {@code ksm/npm-sdk-check.js} with Node. The SDK is installed from the npm registry
 * into {@code target/ksm-npm} on first use (or taken from {@code -Dcastellan.ksmNpmDir=DIR}); without Node and npm the
 * test fails, naming what to install — it never skips ({@code scripts/test-env} installs them).
 */
@Timeout(300)
class KeeperNpmSdkCompatibilityTest {

    @TempDir
    Path dataDir;

    @Test
    void theUnmodifiedNpmSdkBindsReadsUpdatesRotatesFoldersCreatesFilesAndDeletes() throws Exception {
        Path npmDir = NpmSdk.installed();
        Path script = npmDir.resolve("npm-sdk-check.js");
        try (InputStream in = KeeperNpmSdkCompatibilityTest.class.getResourceAsStream("/ksm/npm-sdk-check.js")) {
            Files.write(script, in.readAllBytes());
        }
        try (SmWorld world = SmWorld.start(dataDir, b -> b)) {
            App app = world.createApp(world.aliceSession, world.alice, "npm");
            VaultRecord record = world.addRecord(world.aliceSession, world.alice, "{\"title\":\"db\",\"type\":\"login\","
                    + "\"fields\":[{\"type\":\"password\",\"value\":[\"s3cret\"]},{\"type\":\"fileRef\",\"value\":[]}],"
                    + "\"custom\":[]}");
            VaultFolder folder = world.addSharedFolder(world.aliceSession, world.alice, "Prod");
            world.grantRecord(world.aliceSession, app, record, true);
            world.grantFolder(world.aliceSession, app, folder, "Prod", true);
            TestDevice token = world.addDevice(world.aliceSession, app, "node", true);
            TransmissionKey key = world.api.server.transmissionKeys().current();
            Path config = dataDir.resolve("ksm-config.json");
            Files.writeString(config, "{\"serverPublicKey\":\"" + key.publicKeyWebSafe() + "\",\"serverPublicKeyId\":\""
                    + key.keyId() + "\"}");
            ProcessBuilder node = new ProcessBuilder("node", script.toString(), config.toString(),
                    Base64s.encodeWebSafe(token.clientKey), "localhost:" + world.api.server.port(), record.uid(),
                    folder.uid()).directory(npmDir.toFile()).redirectErrorStream(true);
            node.environment().put("NODE_EXTRA_CA_CERTS", dataDir.resolve("tls/server.crt").toString());
            Process process = node.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            JsonNode out = TestDevice.JSON.readTree(output.lines().reduce((a, b) -> b).orElse("{}"));
            assertThat(out.get("password").asText()).isEqualTo("s3cret");
            assertThat(out.get("updated").asText()).isEqualTo("js-new");
            assertThat(out.get("pending").asText()).isEqualTo("js-new");
            assertThat(out.get("finalized").asText()).isEqualTo("js-rotated");
            assertThat(out.get("folders").toString()).isEqualTo("[\"Prod\"]");
            assertThat(out.get("foldersAfter").toString()).isEqualTo("[\"JsRenamed\",\"Prod\"]");
            assertThat(out.get("created").asText()).isEqualTo("js-pw");
            assertThat(out.get("innerFolderUid").asBoolean()).isTrue();
            assertThat(out.get("download").asText()).isEqualTo("hello from node");
            assertThat(out.get("deleted").asText()).isEqualTo("ok");
            assertThat(out.get("folderDeleted").asText()).isEqualTo("ok");
            assertThat(out.get("refusal").asText()).contains("\"location\":\"castellan device api\"");
            assertThat(Files.readString(config)).contains("\"appKey\"").doesNotContain("\"clientKey\"");
        }
    }
}
