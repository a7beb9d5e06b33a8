package io.castellan.cli.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordReaderTest {

    @TempDir
    Path dir;

    @Test
    void aPasswordFileWinsAndOnlyItsFirstLineCounts() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "pässwörd with spaces \r\nsecond line\n",
                StandardCharsets.UTF_8);
        PasswordReader reader = new PasswordReader(Map.of(PasswordReader.ENV, "from-env")::get, () -> null);
        assertThat(new String(reader.read(file, "?", false))).isEqualTo("pässwörd with spaces ");
    }

    @Test
    void theEnvironmentIsUsedWithoutAFile() {
        PasswordReader reader = new PasswordReader(Map.of(PasswordReader.ENV, "from-env")::get, () -> null);
        assertThat(new String(reader.read(null, "?", true))).isEqualTo("from-env");
    }

    @Test
    void withoutFileEnvironmentOrConsoleItFailsAndSaysWhatToDo() {
        PasswordReader reader = new PasswordReader(k -> null, () -> null);
        assertThatThrownBy(() -> reader.read(null, "?", false)).isInstanceOfSatisfying(CastellanException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.getMessage()).contains("CASTELLAN_PASSWORD", "--password-file");
        });
        assertThat(reader.readLine("code")).isNull();
    }

    @Test
    void anEmptyOrMissingFileIsRefused() throws Exception {
        PasswordReader reader = new PasswordReader(k -> null, () -> null);
        Path empty = Files.writeString(dir.resolve("empty"), "\nsecret on line two");
        assertThatThrownBy(() -> reader.read(empty, "?", false)).hasMessageContaining("is empty")
                .hasMessageNotContaining("secret on line two");
        assertThatThrownBy(() -> reader.read(dir.resolve("missing"), "?", false))
                .hasMessageContaining("cannot read");
    }

    @Test
    void newPasswordsNeedEightCharacters() {
        char[] shortOne = "1234567".toCharArray();
        assertThatThrownBy(() -> NewPasswords.check(shortOne)).hasMessageContaining("at least 8");
        assertThat(shortOne).containsOnly('\0');
        assertThat(NewPasswords.check("12345678".toCharArray())).hasSize(8);
    }
}
