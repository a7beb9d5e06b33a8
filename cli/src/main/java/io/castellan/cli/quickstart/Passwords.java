package io.castellan.cli.quickstart;

import java.security.SecureRandom;

/** Generated passwords for the sandbox: alphanumeric (safe in SQL literals and shells), from SecureRandom. */
final class Passwords {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    static String generate(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** A master password to read aloud: four groups of five, about 117 bits. */
    static String masterPassword() {
        String raw = generate(20);
        return raw.substring(0, 5) + "-" + raw.substring(5, 10) + "-" + raw.substring(10, 15) + "-" + raw.substring(15);
    }
}
