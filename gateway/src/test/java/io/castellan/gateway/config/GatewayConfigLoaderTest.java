package io.castellan.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.gateway.testing.TestConfigs;
import io.castellan.model.error.CastellanException;
import io.castellan.sdk.config.ClientConfig;
import io.castellan.sdk.config.ClientConfigCodec;
import io.castellan.sdk.config.FileConfigStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigLoaderTest {

    @TempDir
    Path home;

    private final ClientConfig fromFile = TestConfigs.bound("file.example:8443");
    private final ClientConfig fromEnv = TestConfigs.bound("env.example:8443");
    private final ClientConfig fromDefault = TestConfigs.bound("default.example:8443");

    @Test
    void theOptionBeatsTheEnvironmentWhichBeatsTheDefaultFile() {
        GatewayPaths paths = GatewayPaths.of(false, home);
        FileConfigStorage.at(paths.configFile()).save(fromDefault);
        Path file = home.resolve("chosen.json");
        FileConfigStorage.at(file).save(fromFile);
        Map<String, String> env = Map.of(GatewayConfigLoader.ENV, ClientConfigCodec.toBase64(fromEnv));

        ConfigSource chosen = new GatewayConfigLoader(env, paths).load(file);
        ConfigSource environment = new GatewayConfigLoader(env, paths).load(null);
        ConfigSource fallback = new GatewayConfigLoader(Map.of(), paths).load(null);

        assertThat(chosen.config().require(ClientConfig.HOSTNAME)).isEqualTo("file.example:8443");
        assertThat(chosen.fromFile()).contains(file);
        assertThat(environment.config().require(ClientConfig.HOSTNAME)).isEqualTo("env.example:8443");
        assertThat(environment.origin()).isEqualTo("environment GATEWAY_CONFIG");
        assertThat(environment.fromFile()).isEmpty();
        assertThat(fallback.config().require(ClientConfig.HOSTNAME)).isEqualTo("default.example:8443");
        assertThat(fallback.fromFile()).contains(home.resolve(".castellan/gateway-config.json"));
    }

    @Test
    void theServicePathsAreUnderEtcAndVarLog() {
        GatewayPaths service = GatewayPaths.of(true, home);
        assertThat(service.configFile()).isEqualTo(Path.of("/etc/castellan-gateway/gateway-config.json"));
        assertThat(service.logDirectory()).isEqualTo(Path.of("/var/log/castellan-gateway"));
        assertThat(GatewayPaths.of(false, home).logDirectory()).isEqualTo(home.resolve(".castellan/logs"));
    }

    @Test
    void aFileWritableByTheGroupIsRefusedTooAndJsonIsAcceptedInTheEnvironment() throws Exception {
        Path file = home.resolve("gw.json");
        FileConfigStorage.at(file).save(fromFile);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));
        GatewayConfigLoader loader = new GatewayConfigLoader(
                Map.of(GatewayConfigLoader.ENV, ClientConfigCodec.toJson(fromEnv)), GatewayPaths.of(false, home));

        assertThatThrownBy(() -> loader.load(file)).isInstanceOf(CastellanException.class)
                .hasMessage("the configuration file " + file + " is accessible to other users (mode rw--w----); it "
                        + "holds the gateway's device key. Restrict it with: chmod 600 " + file);
        assertThat(loader.load(null).config().require(ClientConfig.HOSTNAME)).isEqualTo("env.example:8443");
        assertThatThrownBy(() -> loader.load(home)).hasMessage("the configuration file " + home
                + " is not a regular file");
    }

    @Test
    void theIdentityCarriesThePinnedCertificateAndRejectsAMalformedPin() {
        ClientConfig pinned = fromFile.with(GatewayConfigKeys.TLS_FINGERPRINT, "ab".repeat(32));
        assertThat(GatewayIdentity.of(pinned).tls().toString()).startsWith("TlsTrust[pinned AB:AB:");
        assertThat(GatewayIdentity.of(fromFile).tls().toString()).isEqualTo("TlsTrust[system]");
        assertThat(GatewayIdentity.of(fromFile).serverUri().toString()).isEqualTo("https://file.example:8443");
        assertThatThrownBy(() -> GatewayIdentity.of(fromFile.with(GatewayConfigKeys.TLS_FINGERPRINT, "zz")))
                .hasMessage("configuration key 'tlsFingerprintSha256' is not a SHA-256 fingerprint");
        assertThat(GatewayIdentity.of(pinned).toString()).doesNotContain(pinned.require(ClientConfig.PRIVATE_KEY));
    }
}
