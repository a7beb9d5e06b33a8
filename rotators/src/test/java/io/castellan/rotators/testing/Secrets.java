package io.castellan.rotators.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that no secret appears in an exception's text (message, toString, causes). */
public final class Secrets {

    private Secrets() {
    }

    public static void assertNoSecretIn(Throwable t, char[]... secrets) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n').append(c.getMessage()).append('\n');
        }
        for (char[] s : secrets) {
            if (s != null && s.length > 0) {
                assertThat(all.toString()).as("exception text must not contain a secret").doesNotContain(new String(s));
            }
        }
        assertThat(all.toString()).doesNotContain("Canary-");
    }
}
