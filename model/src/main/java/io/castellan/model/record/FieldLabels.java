package io.castellan.model.record;

import java.util.Locale;

/**
 * Compares field labels the way people and Keeper's tools write them.
 *
 * <p>Keeper's record types label PAM fields with camelCase ids ({@code privatePEMKey},
 * {@code operatingSystem}) while the KSM helper and web vault show display labels
 * ({@code "Private PEM Key"}, {@code "Operating System"}). Both spellings name the same field, so
 * labels match when they are equal, or equal after lower-casing and dropping everything but
 * letters and digits.
 */
public final class FieldLabels {

    private FieldLabels() {
    }

    /**
     * @param a one label, may be {@code null}
     * @param b another label, may be {@code null}
     * @return whether they name the same field ({@code null} only matches {@code null})
     */
    public static boolean matches(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.equals(b)) {
            return true;
        }
        String na = normalize(a);
        return !na.isEmpty() && na.equals(normalize(b));
    }

    /**
     * @param label a label
     * @return the label lower-cased with only ASCII letters and digits kept
     */
    public static String normalize(String label) {
        StringBuilder sb = new StringBuilder(label.length());
        for (char c : label.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * A label made safe to put into a message: control characters removed, at most 64 characters.
     *
     * @param label a label from untrusted input (labels are names, not secrets)
     * @return the printable label
     */
    public static String printable(String label) {
        StringBuilder sb = new StringBuilder();
        label.codePoints().filter(cp -> !Character.isISOControl(cp)).limit(64).forEach(sb::appendCodePoint);
        return sb.toString();
    }
}
