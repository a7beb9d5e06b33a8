package io.castellan.client.pam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castellan.crypto.Aes256Gcm;
import io.castellan.crypto.CastellanRandom;
import io.castellan.crypto.CryptoException;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import org.junit.jupiter.api.Test;

/** Complexity rules parse as Commander writes them; impossible ones are refused naming the problem. */
class PasswordComplexityTest {

    @Test
    void parsesCommandersFiveNumbers() {
        PasswordComplexity c = PasswordComplexity.parse("32,5,5,5,5", null);
        assertThat(c).isEqualTo(PasswordComplexity.DEFAULT);
        assertThat(PasswordComplexity.parse(" 20, 2,3 ,4,0 ", "").spec()).isEqualTo("20,2,3,4,0");
        assertThat(PasswordComplexity.parse("12,1,1,1,1", "!#").specialChars()).isEqualTo("!#");
    }

    @Test
    void impossibleCombinationsAreRefusedNamingTheProblem() {
        assertRefused("16,5,5,5,5", null, "add up to 20, more than the length 16");
        assertRefused("7,1,1,1,1", null, "length must be 8 to 256, not 7");
        assertRefused("257,1,1,1,1", null, "length must be 8 to 256, not 257");
        assertRefused("32,5,5,5,1", "", "special-character set is empty");
        assertRefused("32,5,5,5", null, "five numbers");
        assertRefused("32,a,5,5,5", null, "\"a\" is not a number");
        assertRefused("32,5,5,5,5", "ab", "printable ASCII symbols");
        assertRefused("32,0,0,0,0", "", "no character class is left");
    }

    @Test
    void sealedSettingsOpenOnlyWithTheRecordKey() {
        byte[] recordKey = CastellanRandom.bytes(32);
        PasswordComplexity c = PasswordComplexity.parse("24,2,2,2,2", "!@");
        byte[] sealed = SealedRotationSettings.seal(recordKey, c);
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("specialChars");
        assertThat(SealedRotationSettings.open(recordKey, sealed)).isEqualTo(c);
        assertThat(SealedRotationSettings.seal(recordKey, c)).isNotEqualTo(sealed);
        assertThatThrownBy(() -> SealedRotationSettings.open(CastellanRandom.bytes(32), sealed))
                .isInstanceOf(CryptoException.class);
        assertThat(sealed.length).isGreaterThan(Aes256Gcm.OVERHEAD);
    }

    private static void assertRefused(String spec, String special, String message) {
        assertThatThrownBy(() -> PasswordComplexity.parse(spec, special))
                .isInstanceOfSatisfying(CastellanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED))
                .hasMessageContaining(message);
    }
}
