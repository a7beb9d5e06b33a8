package io.castellan.rotators.password;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of generated passwords over many random complexity rules. */
class PasswordGeneratorPropertiesTest {

    private final PasswordGenerator generator = new PasswordGenerator();

    @Property(tries = 300)
    void meetsEveryMinimumAndUsesOnlyAllowedCharacters(@ForAll @IntRange(min = 1, max = 80) int length,
                                                      @ForAll @IntRange(max = 20) int upper, @ForAll @IntRange(max = 20) int lower,
                                                      @ForAll @IntRange(max = 20) int digits, @ForAll @IntRange(max = 20) int special) {
        Assume.that(upper + lower + digits + special <= length);
        PasswordComplexity rules = new PasswordComplexity(length, upper, lower, digits, special, "!#$%&*+-=?@^_");
        char[] p = generator.generate(rules);
        String s = new String(p);
        assertThat(p).hasSize(length);
        assertThat(s.chars().filter(c -> c >= 'A' && c <= 'Z').count()).isGreaterThanOrEqualTo(upper);
        assertThat(s.chars().filter(c -> c >= 'a' && c <= 'z').count()).isGreaterThanOrEqualTo(lower);
        assertThat(s.chars().filter(c -> c >= '0' && c <= '9').count()).isGreaterThanOrEqualTo(digits);
        assertThat(s.chars().filter(c -> "!#$%&*+-=?@^_".indexOf(c) >= 0).count()).isGreaterThanOrEqualTo(special);
        assertThat(s.chars().allMatch(c -> rules.alphabet().indexOf(c) >= 0)).isTrue();
    }

    @Property(tries = 100)
    void impossibleCombinationsAreRefusedNamingTheNumbers(@ForAll @IntRange(min = 1, max = 40) int length,
                                                         @ForAll @IntRange(max = 30) int upper, @ForAll @IntRange(max = 30) int digits) {
        Assume.that(upper + digits > length);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PasswordComplexity(length, upper, 0, digits, 0, "!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceed the length " + length);
    }
}
