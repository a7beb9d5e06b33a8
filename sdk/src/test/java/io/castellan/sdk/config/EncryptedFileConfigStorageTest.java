package io.castellan.sdk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedFileConfigStorageTest {

    private static final char[] PASSPHRASE = "a device passphrase".toCharArray();
    private static final String APP_KEY = "QXBwS2V5Q2FuYXJ5VmFsdWUtMDEyMzQ1Njc4OWFiY2Q=";

    @TempDir
    Path dir;

    private final ClientConfig config = ClientConfig.of(Map.of("hostname", "vault.example:8443",
            "clientId", "id", "appKey", APP_KEY));

    @Test
    void savesEncryptedOwnerOnlyAndLoadsBack() throws Exception {
        Path file = dir.resolve("ksm-config.enc");
        EncryptedFileConfigStorage.at(file, PASSPHRASE, 1_000).save(config);

        byte[] onDisk = Files.readAllBytes(file);
        String text = new String(onDisk, StandardCharsets.US_ASCII);
        assertThat(text).startsWith(EncryptedFileConfigStorage.PREFIX);
        byte[] secret = APP_KEY.getBytes(StandardCharsets.UTF_8);
        for (String form : new String[] {APP_KEY, "vault.example", HexFormat.of().formatHex(secret),
                Base64.getEncoder().encodeToString(secret)}) {
            assertThat(text).as("the file must not contain %s", form).doesNotContain(form);
        }
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        assertThat(EncryptedFileConfigStorage.at(file, PASSPHRASE, 1_000).load()).hasValueSatisfying(
                loaded -> assertThat(loaded.asMap()).isEqualTo(config.asMap()));
    }

    @Test
    void aWrongPassphraseOrAModifiedFileFailsWithOneClearMessage() throws Exception {
        Path file = dir.resolve("c.enc");
        EncryptedFileConfigStorage.at(file, PASSPHRASE, 1_000).save(config);
        assertThatThrownBy(() -> EncryptedFileConfigStorage.at(file, "another passphrase".toCharArray(), 1_000)
                .load()).isInstanceOf(InvalidClientConfigException.class).hasMessageContaining("wrong passphrase");

        String text = Files.readString(file).strip();
        char last = text.charAt(text.length() - 2);
        Files.writeString(file, text.substring(0, text.length() - 2) + (last == 'A' ? 'B' : 'A')
                + text.charAt(text.length() - 1));
        assertThatThrownBy(() -> EncryptedFileConfigStorage.at(file, PASSPHRASE, 1_000).load())
                .hasMessageContaining("wrong passphrase, or the file was modified");
    }

    @Test
    void aPlainConfigFileIsNotMistakenForAnEncryptedOne() throws Exception {
        Path file = dir.resolve("plain.json");
        FileConfigStorage.at(file).save(config);
        assertThatThrownBy(() -> EncryptedFileConfigStorage.at(file, PASSPHRASE, 1_000).load())
                .hasMessageContaining("is not an encrypted Castellan configuration");
        assertThat(EncryptedFileConfigStorage.at(dir.resolve("missing"), PASSPHRASE, 1_000).load()).isEmpty();
        assertThatThrownBy(() -> EncryptedFileConfigStorage.at(file, "short".toCharArray()))
                .hasMessageContaining("at least 12 characters");
    }
}
