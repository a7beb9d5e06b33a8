package io.castellan.rotators.password;

import java.security.SecureRandom;

/**
 * Generates passwords that meet a {@link PasswordComplexity}: first the required minimum of each class, then the
 * rest from the whole alphabet, then a Fisher–Yates shuffle. Every draw is {@link SecureRandom#nextInt(int)},
 * which is unbiased (rejection sampling), so no character is likelier than another within its draw.
 */
public final class PasswordGenerator {

    private final SecureRandom random;

    public PasswordGenerator() {
        this(new SecureRandom());
    }

    public PasswordGenerator(SecureRandom random) {
        this.random = random;
    }

    /** @return a new password; the caller wipes it */
    public char[] generate(PasswordComplexity rules) {
        char[] out = new char[rules.length()];
        int i = 0;
        i = fill(out, i, rules.upper(), CharacterClasses.UPPER);
        i = fill(out, i, rules.lower(), CharacterClasses.LOWER);
        i = fill(out, i, rules.digits(), CharacterClasses.DIGITS);
        i = fill(out, i, rules.special(), rules.specialSet());
        fill(out, i, out.length - i, rules.alphabet());
        for (int j = out.length - 1; j > 0; j--) {
            int k = random.nextInt(j + 1);
            char t = out[j];
            out[j] = out[k];
            out[k] = t;
        }
        return out;
    }

    private int fill(char[] out, int from, int count, String alphabet) {
        for (int n = 0; n < count; n++) {
            out[from + n] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return from + count;
    }
}
