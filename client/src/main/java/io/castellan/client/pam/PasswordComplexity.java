package io.castellan.client.pam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castellan.model.error.CastellanException;
import io.castellan.model.error.ErrorCode;
import io.castellan.model.json.Json;

/**
 * How a rotation makes new passwords: a length and the least number of upper-case letters, lower-case letters,
 * digits and special characters, and the special characters allowed. Impossible combinations are refused here, before
 * anything is sent.
 */
public record PasswordComplexity(int length, int upper, int lower, int digits, int special, String specialChars) {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;
    /** Keeper's default special-character set. */
    public static final String DEFAULT_SPECIAL_CHARS = "!@#$%^?();',.=+[]<>{}-_/\\*&:\"`~|";
    /** The default: 32 characters with at least 5 of each class. */
    public static final PasswordComplexity DEFAULT = new PasswordComplexity(32, 5, 5, 5, 5, DEFAULT_SPECIAL_CHARS);

    public PasswordComplexity {
        if (specialChars == null) {
            throw invalid("the special-character set is missing");
        }
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw invalid("the length must be " + MIN_LENGTH + " to " + MAX_LENGTH + ", not " + length);
        }
        if (upper < 0 || lower < 0 || digits < 0 || special < 0) {
            throw invalid("the minimum counts must not be negative");
        }
        if ((long) upper + lower + digits + special > length) {
            throw invalid("the minimums add up to " + ((long) upper + lower + digits + special)
                    + ", more than the length " + length);
        }
        if (special > 0 && specialChars.isEmpty()) {
            throw invalid("special characters are required but the special-character set is empty");
        }
        if (specialChars.length() > 128) {
            throw invalid("the special-character set is longer than 128 characters");
        }
        for (int i = 0; i < specialChars.length(); i++) {
            char c = specialChars.charAt(i);
            if (c <= 0x20 || c >= 0x7f || Character.isLetterOrDigit(c)) {
                throw invalid("the special-character set may hold only printable ASCII symbols (no letters, digits"
                        + " or spaces)");
            }
        }
        if (length < (upper > 0 ? 1 : 0) + (lower > 0 ? 1 : 0) + (digits > 0 ? 1 : 0) + (special > 0 ? 1 : 0)) {
            throw invalid("the length cannot hold every required character class");
        }
        if (upper + lower + digits == 0 && specialChars.isEmpty()) {
            throw invalid("no character class is left to make a password from");
        }
    }

    /**
     * Parses Commander's {@code --complexity "LENGTH,UPPER,LOWER,DIGITS,SPECIAL"}.
     *
     * @param specialChars the special-character set ({@code null}: the default set)
     * @throws CastellanException {@code validation_failed} naming the problem
     */
    public static PasswordComplexity parse(String spec, String specialChars) {
        String[] parts = spec.strip().split("\\s*,\\s*", -1);
        if (parts.length != 5) {
            throw invalid("--complexity takes five numbers: LENGTH,UPPER,LOWER,DIGITS,SPECIAL (e.g. 32,5,5,5,5)");
        }
        int[] n = new int[5];
        for (int i = 0; i < 5; i++) {
            if (!parts[i].matches("[0-9]{1,4}")) {
                throw invalid("--complexity: \"" + (parts[i].length() > 8 ? parts[i].substring(0, 8) + "…" : parts[i])
                        + "\" is not a number (LENGTH,UPPER,LOWER,DIGITS,SPECIAL)");
            }
            n[i] = Integer.parseInt(parts[i]);
        }
        return new PasswordComplexity(n[0], n[1], n[2], n[3], n[4],
                specialChars == null ? DEFAULT_SPECIAL_CHARS : specialChars);
    }

    /** The JSON inside the encrypted settings. */
    ObjectNode toJson() {
        ObjectNode json = Json.newMapper().createObjectNode();
        json.put("length", length).put("upper", upper).put("lower", lower).put("digits", digits)
                .put("special", special).put("specialChars", specialChars);
        return json;
    }

    static PasswordComplexity fromJson(JsonNode json) {
        return new PasswordComplexity(json.path("length").asInt(), json.path("upper").asInt(),
                json.path("lower").asInt(), json.path("digits").asInt(), json.path("special").asInt(),
                json.path("specialChars").asText(""));
    }

    /** {@code 32,5,5,5,5} */
    public String spec() {
        return length + "," + upper + "," + lower + "," + digits + "," + special;
    }

    private static CastellanException invalid(String message) {
        return new CastellanException(ErrorCode.VALIDATION_FAILED, "password complexity: " + message);
    }
}
