package io.castellan.cli.vault;

import io.castellan.crypto.CastellanRandom;
import java.security.SecureRandom;

/**
 * Generates random passwords for {@code password=$GEN}: letters, digits and symbols from the shared
 * {@link CastellanRandom}, with at least one character of each class (many targets demand it).
 */
final class PasswordGenerator {

    static final int DEFAULT_LENGTH = 24;

    private static final String[] CLASSES = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789",
        "!#%+-.:=?@^_"};
    private static final String ALL = String.join("", CLASSES);

    private PasswordGenerator() {
    }

    static String generate(int length) {
        SecureRandom random = CastellanRandom.secureRandom();
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            String pool = i < CLASSES.length ? CLASSES[i] : ALL;
            out[i] = pool.charAt(random.nextInt(pool.length()));
        }
        for (int i = length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            char t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return new String(out);
    }
}
