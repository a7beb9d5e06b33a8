package io.castellan.gateway.testing;

import java.security.SecureRandom;

/** Random canary secrets: values that appear nowhere unless leaked. */
public final class Canaries {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "abcdefghijkmnopqrstuvwxyz23456789";

    private Canaries() {
    }

    /** @return {@code canary} followed by 20 random lower-case letters and digits (a valid DNS label) */
    public static String next() {
        StringBuilder b = new StringBuilder("canary");
        for (int i = 0; i < 20; i++) {
            b.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return b.toString();
    }
}
