package io.castellan.rotators.password;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Password rules: total length, minimum counts of upper-case letters, lower-case letters, digits and special
 * characters, and the special-character set. Keeper writes them as "32,5,5,5,5"; {@link #parse} reads that.
 * Impossible combinations (minimums above the length, special characters required from an empty set, nothing
 * allowed at all) are refused when constructed, with a message naming the rule.
 */
public record PasswordComplexity(int length, int upper, int lower, int digits, int special, String specialSet) {

    /** Keeper's default special characters. */
    public static final String DEFAULT_SPECIAL = "!@#$%^?();',.=+[]<>{}-_/\\*&:\"`~|";
    /** Longest password this generator makes (targets cap lengths far below). */
    public static final int MAX_LENGTH = 1024;
    /** Keeper's default rules. */
    public static final PasswordComplexity DEFAULT = new PasswordComplexity(32, 1, 1, 1, 1, DEFAULT_SPECIAL);

    public PasswordComplexity {
        if (length < 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("password length must be 1.." + MAX_LENGTH + ", got " + length);
        }
        if (upper < 0 || lower < 0 || digits < 0 || special < 0) {
            throw new IllegalArgumentException("minimum character counts must not be negative");
        }
        if (specialSet == null) {
            throw new IllegalArgumentException("the special-character set must not be null (use \"\" for none)");
        }
        specialSet = normaliseSpecialSet(specialSet);
        long required = (long) upper + lower + digits + special;
        if (required > length) {
            throw new IllegalArgumentException("the minimum counts (" + upper + " upper + " + lower + " lower + " + digits
                    + " digits + " + special + " special = " + required + ") exceed the length " + length);
        }
        if (special > 0 && specialSet.isEmpty()) {
            throw new IllegalArgumentException(special + " special characters are required but the special-character set is empty");
        }
    }

    /** Reads "length,upper,lower,digits,special" (spaces allowed) with the given special-character set. */
    public static PasswordComplexity parse(String rules, String specialSet) {
        if (rules == null || rules.length() > 64) {
            throw new IllegalArgumentException("password complexity must look like \"32,5,5,5,5\" (length,upper,lower,digits,special)");
        }
        String[] parts = rules.trim().split("\\s*,\\s*", -1);
        if (parts.length != 5) {
            throw new IllegalArgumentException("password complexity needs 5 numbers (length,upper,lower,digits,special), got "
                    + parts.length);
        }
        int[] n = new int[5];
        String[] names = {"length", "upper", "lower", "digits", "special"};
        for (int i = 0; i < 5; i++) {
            if (!parts[i].matches("\\d{1,4}")) {
                throw new IllegalArgumentException("password complexity: " + names[i] + " must be a number of up to 4 digits");
            }
            n[i] = Integer.parseInt(parts[i]);
        }
        return new PasswordComplexity(n[0], n[1], n[2], n[3], n[4], specialSet == null ? DEFAULT_SPECIAL : specialSet);
    }

    /** @return the characters a password may contain beyond the required minimums */
    public String alphabet() {
        return CharacterClasses.UPPER + CharacterClasses.LOWER + CharacterClasses.DIGITS + specialSet;
    }

    private static String normaliseSpecialSet(String set) {
        Set<Character> chars = new LinkedHashSet<>();
        for (char c : set.toCharArray()) {
            if (c < 0x21 || c > 0x7e || Character.isLetterOrDigit(c)) {
                throw new IllegalArgumentException("the special-character set may hold only printable ASCII punctuation, "
                        + "not letters, digits, spaces or control characters");
            }
            chars.add(c);
        }
        StringBuilder sb = new StringBuilder();
        chars.forEach(sb::append);
        return sb.toString();
    }
}
