package io.castellan.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {

    @TempDir
    Path dir;

    private static final CliConfig FULL = new CliConfig("https://vault.example.com", "AB:CD", null,
            "alice@example.com", "uid1", "token", "c2Vzc2lvbkRhdGFLZXk=", "cHJpdg==", "cHVi");

    @Test
    void theFileIs0600InA0700DirectoryAndRoundTrips() throws Exception {
        ConfigStore store = new ConfigStore(dir.resolve("home/.castellan/config.json"));
        store.save(FULL);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file().getParent())))
                .isEqualTo("rwx------");
        assertThat(store.load()).isEqualTo(FULL);
    }

    @Test
    void rewritingIsAtomicAndLeavesNoTemporaryFiles() throws Exception {
        ConfigStore store = new ConfigStore(dir.resolve("config.json"));
        store.save(FULL);
        store.save(FULL.loggedOut());
        assertThat(store.load()).isEqualTo(FULL.loggedOut());
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(store.file());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
    }

    @Test
    void aMissingFileIsAnEmptyConfig() {
        assertThat(new ConfigStore(dir.resolve("none.json")).load()).isEqualTo(CliConfig.EMPTY);
    }

    @Test
    void unknownPropertiesAreIgnoredAndGarbageIsRefused() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"server\":\"https://x\",\"futureSetting\":1}");
        assertThat(new ConfigStore(file).load().server()).isEqualTo("https://x");
        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> new ConfigStore(file).load()).isInstanceOfSatisfying(CastellanException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void loggingOutDropsTheSessionButKeepsServerAndPin() {
        CliConfig out = FULL.loggedOut();
        assertThat(out.hasSession()).isFalse();
        assertThat(out.session()).isNull();
        assertThat(out.sessionDataKey()).isNull();
        assertThat(out.server()).isEqualTo(FULL.server());
        assertThat(out.tlsFingerprintSha256()).isEqualTo("AB:CD");
        assertThat(FULL.withServer("https://other").tlsFingerprintSha256()).isNull();
        assertThat(FULL.withServer(FULL.server())).isSameAs(FULL);
        assertThat(FULL.toString()).doesNotContain("token");
    }
}
