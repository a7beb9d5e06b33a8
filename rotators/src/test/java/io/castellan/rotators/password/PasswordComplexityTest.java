package io.castellan.rotators.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PasswordComplexityTest {

    @Test
    void parsesKeepersFiveNumbers() {
        PasswordComplexity c = PasswordComplexity.parse("32, 5,5,5,5", "!@#");
        assertThat(c).isEqualTo(new PasswordComplexity(32, 5, 5, 5, 5, "!@#"));
    }

    @Test
    void refusesMalformedRulesClearly() {
        assertThatThrownBy(() -> PasswordComplexity.parse("32,5,5,5", null)).hasMessageContaining("needs 5 numbers");
        assertThatThrownBy(() -> PasswordComplexity.parse("32,5,x,5,5", null)).hasMessageContaining("lower must be a number");
        assertThatThrownBy(() -> PasswordComplexity.parse("-1,0,0,0,0", null)).hasMessageContaining("length must be a number");
        assertThatThrownBy(() -> PasswordComplexity.parse("0,0,0,0,0", null)).hasMessageContaining("length must be 1..");
        assertThatThrownBy(() -> PasswordComplexity.parse("9999,0,0,0,0", null)).hasMessageContaining("length must be 1..1024");
    }

    @Test
    void refusesImpossibleCombinations() {
        assertThatThrownBy(() -> PasswordComplexity.parse("8,3,3,3,0", "!"))
                .hasMessageContaining("= 9) exceed the length 8");
        assertThatThrownBy(() -> PasswordComplexity.parse("16,0,0,0,2", ""))
                .hasMessageContaining("special-character set is empty");
        assertThatThrownBy(() -> new PasswordComplexity(16, 0, 0, 0, 0, "a!"))
                .hasMessageContaining("printable ASCII punctuation");
        assertThatThrownBy(() -> new PasswordComplexity(16, 0, 0, 0, 0, "! "))
                .hasMessageContaining("not letters, digits, spaces");
    }

    @Test
    void duplicateSpecialCharactersCountOnce() {
        assertThat(new PasswordComplexity(8, 0, 0, 0, 1, "!!##").specialSet()).isEqualTo("!#");
    }

    @Test
    void drawsAreUniformOverTheAlphabet() {
        // 26+26+10+2 = 64 symbols; 64,000 characters → about 1,000 each. A biased draw (e.g. modulo of a byte) shows
        // up as counts far outside ±25%.
        PasswordComplexity rules = new PasswordComplexity(1000, 0, 0, 0, 0, "!#");
        PasswordGenerator g = new PasswordGenerator();
        Map<Character, Integer> counts = new HashMap<>();
        for (int i = 0; i < 64; i++) {
            for (char c : g.generate(rules)) {
                counts.merge(c, 1, Integer::sum);
            }
        }
        assertThat(counts).hasSize(64);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(750, 1250));
    }
}
