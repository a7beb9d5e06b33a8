package io.castellan.gateway.logging;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The registry of every secret value this gateway has fetched, and the one place text is cleaned of them before it
 * leaves the process (log lines, exception messages, stack traces, job summaries, script output).
 *
 * <p>Each registered value is also registered in the encodings it commonly shows up in when an error quotes it: URL
 * encoding (a password in a connection URL), standard and web-safe base64 (Basic auth headers, tokens), JSON string
 * escaping, and each line of a multi-line value (a PEM key quoted line by line). Values shorter than
 * {@link #MIN_LENGTH} are not registered: replacing every "1" or "yes" would wreck the logs and hide nothing worth
 * hiding, since a secret that short is not a secret.
 *
 * <p>Thread-safe: registration copies the (small) list; {@link #scrub} reads a snapshot without locking. Longer
 * values are replaced first, so a value containing another is removed whole. Java strings cannot be wiped, so the
 * registry holds its values for the life of the process, like the SDK's decrypted records do.
 */
public final class SecretScrubber {

    /** Values shorter than this are not registered. */
    public static final int MIN_LENGTH = 4;
    /** What replaces a registered value. */
    public static final String PLACEHOLDER = "[scrubbed]";
    /** Registering more than this many distinct values is refused (a runaway loop, not a real gateway). */
    static final int MAX_VALUES = 100_000;

    private static final Comparator<String> LONGEST_FIRST =
            Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder());

    private volatile List<String> values = List.of();

    /** @param secret a secret value; ignored when null or shorter than {@link #MIN_LENGTH} */
    public void register(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            return;
        }
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
        forms.add(Base64.getEncoder().encodeToString(utf8));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(utf8));
        forms.add(jsonEscaped(secret));
        if (secret.indexOf('\n') >= 0) {
            for (String line : secret.split("\\R")) {
                if (line.strip().length() >= 16 && !line.startsWith("-----")) {
                    forms.add(line.strip());
                }
            }
        }
        add(forms);
    }

    /** @param secret a secret value; the caller still owns (and wipes) the array */
    public void register(char[] secret) {
        if (secret != null && secret.length >= MIN_LENGTH) {
            register(new String(secret));
        }
    }

    /** @return how many forms are registered (for tests and the debug log; never the values) */
    public int size() {
        return values.size();
    }

    /**
     * @param text any text, possibly null
     * @return the text with every registered value replaced by {@link #PLACEHOLDER}
     */
    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        List<String> snapshot = values;
        String out = text;
        for (String value : snapshot) {
            if (out.length() < value.length()) {
                continue;
            }
            if (out.contains(value)) {
                out = out.replace(value, PLACEHOLDER);
            }
        }
        return out;
    }

    private synchronized void add(Set<String> forms) {
        Set<String> merged = new LinkedHashSet<>(values);
        for (String form : forms) {
            if (form.length() >= MIN_LENGTH) {
                merged.add(form);
            }
        }
        if (merged.size() == values.size()) {
            return;
        }
        if (merged.size() > MAX_VALUES) {
            throw new IllegalStateException("more than " + MAX_VALUES + " secret values registered");
        }
        List<String> sorted = new ArrayList<>(merged);
        sorted.sort(LONGEST_FIRST);
        values = List.copyOf(sorted);
    }

    private static String jsonEscaped(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "SecretScrubber[" + values.size() + " values]";
    }
}
