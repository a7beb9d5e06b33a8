package io.castellan.sdk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesAndStorageTest {

    private static final ClientConfig CONFIG = ClientConfig.of(Map.of(
            ClientConfig.HOSTNAME, "127.0.0.1:8443", ClientConfig.CLIENT_ID, "cid==",
            ClientConfig.PRIVATE_KEY, "cHJpdmF0ZS1rZXktYnl0ZXM=", ClientConfig.APP_KEY, "YXBwLWtleS1zZWNyZXQ=",
            ClientConfig.APP_OWNER_PUBLIC_KEY, "b3duZXI=", ClientConfig.SERVER_PUBLIC_KEY, "BAAA",
            ClientConfig.SERVER_PUBLIC_KEY_ID, "1"));

    @TempDir
    Path dir;

    @Test
    void readsTheSameConfigFromJsonBase64FileAndEnvironment() throws Exception {
        String json = ClientConfigCodec.toJson(CONFIG);
        String b64 = ClientConfigCodec.toBase64(CONFIG);
        assertThat(ConfigSources.fromText(json).asMap()).isEqualTo(CONFIG.asMap());
        assertThat(ConfigSources.fromText(b64).asMap()).isEqualTo(CONFIG.asMap());
        Path jsonFile = Files.writeString(dir.resolve("ksm-config.json"), json);
        Path b64File = Files.writeString(dir.resolve("config.b64"), b64 + "\n");
        assertThat(ConfigSources.fromFile(jsonFile).asMap()).isEqualTo(CONFIG.asMap());
        assertThat(ConfigSources.fromFile(b64File).asMap()).isEqualTo(CONFIG.asMap());
        assertThat(ConfigSources.fromEnvironment("GATEWAY_CONFIG", Map.of("GATEWAY_CONFIG", b64)).asMap())
                .isEqualTo(CONFIG.asMap());
        assertThat(ConfigSources.fromEnvironment("KSM_CONFIG", Map.of("KSM_CONFIG", json)).asMap())
                .isEqualTo(CONFIG.asMap());
        assertThat(Base64.getDecoder().decode(b64)).asString(StandardCharsets.UTF_8).contains("\"appKey\"");
    }

    @Test
    void namesTheSourceOfAFailureButNotItsContent() throws Exception {
        assertThatThrownBy(() -> ConfigSources.fromEnvironment("KSM_CONFIG", Map.of()))
                .isInstanceOf(InvalidClientConfigException.class).hasMessage("the environment variable KSM_CONFIG is not set");
        assertThatThrownBy(() -> ConfigSources.fromEnvironment("X", Map.of("X", "{\"appKey\":\"s3cr3t\"")))
                .hasMessageStartingWith("the environment variable X: configuration is not valid JSON")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> ConfigSources.fromFile(dir.resolve("absent.json"))).hasMessageContaining("does not exist");
        Path big = Files.write(dir.resolve("big.json"), new byte[70_000]);
        assertThatThrownBy(() -> ConfigSources.fromFile(big)).hasMessageContaining("larger than");
        assertThatThrownBy(() -> ConfigSources.fromEnvironment("PATH_THAT_IS_NOT_SET_ANYWHERE_42"))
                .hasMessageContaining("is not set");
    }

    @Test
    void fileStorageWritesMode0600AtomicallyAndReadsItBack() throws Exception {
        Path file = dir.resolve("sub/dir/gateway-config.json");
        FileConfigStorage storage = FileConfigStorage.at(file);
        assertThat(storage.load()).isEmpty();
        storage.save(CONFIG);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(storage.load().orElseThrow().asMap()).isEqualTo(CONFIG.asMap());

        ClientConfig changed = CONFIG.with(ClientConfig.SERVER_PUBLIC_KEY_ID, "2");
        storage.save(changed);
        assertThat(FileConfigStorage.at(file).load().orElseThrow().get(ClientConfig.SERVER_PUBLIC_KEY_ID)).contains("2");
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("gateway-config.json");
        }
        assertThat(storage.toString()).doesNotContain("YXBwLWtleS1zZWNyZXQ=");
    }

    @Test
    void inMemoryStorageKeepsTheLastSave() {
        InMemoryConfigStorage storage = new InMemoryConfigStorage();
        assertThat(storage.load()).isEmpty();
        storage.save(CONFIG);
        assertThat(storage.load()).contains(CONFIG);
        assertThat(storage.toString()).contains("appKey").doesNotContain("YXBwLWtleS1zZWNyZXQ=");
    }
}
