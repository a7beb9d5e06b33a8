package io.castellan.rotators.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The unicodePwd encoding and modify requests AD expects (no AD runs here; the bytes are checked exactly). */
class ActiveDirectoryPasswordTest {

    @Test
    void encodesTheQuotedPasswordAsUtf16LittleEndian() {
        assertThat(ActiveDirectoryPassword.encode("newPassword".toCharArray()))
                .isEqualTo("\"newPassword\"".getBytes(StandardCharsets.UTF_16LE));
        assertThat(ActiveDirectoryPassword.encode("Ab1!".toCharArray()))
                .containsExactly(0x22, 0, 'A', 0, 'b', 0, '1', 0, '!', 0, 0x22, 0);
    }

    @Test
    void encodesCharactersBeyondAsciiLikeUtf16le() {
        char[] pw = "pä€ß".toCharArray();
        assertThat(ActiveDirectoryPassword.encode(pw)).isEqualTo("\"pä€ß\"".getBytes(StandardCharsets.UTF_16LE));
    }

    @Test
    void anAdministratorReplacesTheValue() {
        List<Modification> mods = ActiveDirectoryPassword.adminReset("N3w!".toCharArray());
        assertThat(mods).hasSize(1);
        assertThat(mods.get(0).getModificationType()).isEqualTo(ModificationType.REPLACE);
        assertThat(mods.get(0).getAttributeName()).isEqualTo("unicodePwd");
        assertThat(mods.get(0).getValueByteArrays()[0]).isEqualTo("\"N3w!\"".getBytes(StandardCharsets.UTF_16LE));
    }

    @Test
    void aUserDeletesTheOldValueAndAddsTheNewOneInOneRequest() {
        List<Modification> mods = ActiveDirectoryPassword.selfChange("0ld".toCharArray(), "N3w".toCharArray());
        assertThat(mods).extracting(Modification::getModificationType).containsExactly(ModificationType.DELETE, ModificationType.ADD);
        assertThat(mods.get(0).getValueByteArrays()[0]).isEqualTo("\"0ld\"".getBytes(StandardCharsets.UTF_16LE));
        assertThat(mods.get(1).getValueByteArrays()[0]).isEqualTo("\"N3w\"".getBytes(StandardCharsets.UTF_16LE));
    }

    @Test
    void wipingClearsTheEncodedValues() {
        List<Modification> mods = ActiveDirectoryPassword.adminReset("N3w!".toCharArray());
        byte[] value = mods.get(0).getValueByteArrays()[0];
        ActiveDirectoryPassword.wipe(mods);
        assertThat(value).containsOnly(0);
    }
}
