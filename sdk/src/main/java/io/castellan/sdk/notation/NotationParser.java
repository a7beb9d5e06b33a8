package io.castellan.sdk.notation;

import io.castellan.crypto.Base64s;
import io.castellan.crypto.CryptoException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses Keeper notation as Keeper's SDKs do ({@code Notation.kt} / {@code notation.ts}):
 * {@code [keeper://]<UID|title>/<type|title|notes>}, {@code …/<field|custom_field>/<type|label>[i][property]} and
 * {@code …/file/<name|title|UID>}.
 *
 * <ul>
 *   <li>The {@code keeper://} prefix is optional and case-insensitive; text without any {@code /} is taken as web-safe
 *       base64 of the notation.</li>
 *   <li>In the record, the field parameter and inside brackets, {@code \} escapes {@code / [ ] \} (and nothing
 *       else); the record section ends at the first unescaped {@code /}, the parameter at the first unescaped
 *       {@code [}. As in Keeper, an unescaped {@code [} or {@code ]} inside a title is just a character.</li>
 *   <li>At most two bracket groups follow a field: the first is empty (all values) or a number, the second a
 *       property name; a file takes none; nothing may follow them.</li>
 * </ul>
 * Stricter than Keeper, for hostile input: the notation is at most {@value #MAX_LENGTH} characters, the record and
 * the parameter may not be empty, and an index has at most {@value #MAX_INDEX_DIGITS} digits.
 */
public final class NotationParser {

    /** Longest notation accepted. */
    public static final int MAX_LENGTH = 4096;
    /** Most digits in a value index (no field holds a million values). */
    public static final int MAX_INDEX_DIGITS = 6;

    private static final String PREFIX = "keeper://";
    private static final String ESCAPABLE = "/[]\\";

    private NotationParser() {
    }

    /**
     * @param notation the notation, or web-safe base64 of it
     * @return the parsed notation
     * @throws NotationException ({@code BAD_REQUEST}) describing the first problem
     */
    public static Notation parse(String notation) {
        if (notation == null || notation.isEmpty()) {
            throw NotationException.syntax("the notation is empty");
        }
        if (notation.length() > MAX_LENGTH) {
            throw NotationException.syntax("the notation is longer than " + MAX_LENGTH + " characters");
        }
        String s = notation.indexOf('/') < 0 ? fromBase64(notation) : notation;
        int pos = s.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) ? PREFIX.length() : 0;

        Token record = escaped(s, pos, '/');
        if (record.end() >= s.length()) {
            throw NotationException.syntax("a record and a selector are required, as in keeper://UID/field/password");
        }
        if (record.text().isEmpty()) {
            throw NotationException.syntax("the record UID or title is empty");
        }
        pos = record.end() + 1;
        int slash = s.indexOf('/', pos);
        Notation.Selector selector = selector(slash < 0 ? s.substring(pos) : s.substring(pos, slash));
        if (!selector.hasParameter()) {
            if (slash >= 0 && slash + 1 < s.length()) {
                throw NotationException.syntax("extra characters after the last section");
            }
            return new Notation(record.text(), selector, null, null, null);
        }
        if (slash < 0 || slash + 1 >= s.length()) {
            throw NotationException.syntax("field, custom_field and file need a parameter, as in field/password");
        }
        Token parameter = escaped(s, slash + 1, '[');
        if (parameter.text().isEmpty()) {
            throw NotationException.syntax("the field type, label or file name is empty");
        }
        List<Token> groups = brackets(s, parameter.end());
        if (selector == Notation.Selector.FILE && !groups.isEmpty()) {
            throw NotationException.syntax("file selectors take no index");
        }
        return new Notation(record.text(), selector, parameter.text(), index(groups),
                groups.size() == 2 && !groups.get(1).text().isEmpty() ? groups.get(1).text() : null);
    }

    /** Reads up to an unescaped {@code stop} or the end; {@code end} is the stop's position or the length. */
    private static Token escaped(String s, int from, char stop) {
        StringBuilder text = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        int pos = from;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '\\') {
                if (pos + 1 >= s.length() || ESCAPABLE.indexOf(s.charAt(pos + 1)) < 0) {
                    throw NotationException.syntax("incorrect escape sequence at position " + pos
                            + " (only \\/ \\[ \\] and \\\\ are allowed)");
                }
                text.append(s.charAt(pos + 1));
                raw.append(c).append(s.charAt(pos + 1));
                pos += 2;
            } else if (c == stop) {
                break;
            } else {
                text.append(c);
                raw.append(c);
                pos++;
            }
        }
        return new Token(text.toString(), raw.toString(), pos);
    }

    /** Reads the bracket groups from {@code from} to the end: at most two, each closed, none nested. */
    private static List<Token> brackets(String s, int from) {
        List<Token> groups = new ArrayList<>();
        int pos = from;
        while (pos < s.length()) {
            if (groups.size() == 2) {
                throw NotationException.syntax("extra characters after the last section (at most two indexes)");
            }
            int start = pos;
            StringBuilder text = new StringBuilder();
            StringBuilder raw = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= s.length()) {
                    throw NotationException.syntax("the index at position " + start + " is not closed with ']'");
                }
                char c = s.charAt(pos);
                if (c == '\\') {
                    if (pos + 1 >= s.length() || ESCAPABLE.indexOf(s.charAt(pos + 1)) < 0) {
                        throw NotationException.syntax("incorrect escape sequence at position " + pos);
                    }
                    text.append(s.charAt(pos + 1));
                    raw.append(c).append(s.charAt(pos + 1));
                    pos += 2;
                } else if (c == '[') {
                    throw NotationException.syntax("an index cannot contain an unescaped '[' (position " + pos + ")");
                } else if (c == ']') {
                    pos++;
                    break;
                } else {
                    text.append(c);
                    raw.append(c);
                    pos++;
                }
            }
            groups.add(new Token(text.toString(), raw.toString(), pos));
            if (pos < s.length() && s.charAt(pos) != '[') {
                throw NotationException.syntax("extra characters after the index ending at position " + (pos - 1));
            }
        }
        return groups;
    }

    private static Integer index(List<Token> groups) {
        if (groups.isEmpty() || groups.get(0).raw().isEmpty()) {
            return null;
        }
        String raw = groups.get(0).raw();
        if (!raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw NotationException.syntax("the first index must be a number or empty: [n] or []");
        }
        if (raw.length() > MAX_INDEX_DIGITS) {
            throw NotationException.syntax("the index has more than " + MAX_INDEX_DIGITS + " digits");
        }
        return Integer.valueOf(raw);
    }

    private static Notation.Selector selector(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "type" -> Notation.Selector.TYPE;
            case "title" -> Notation.Selector.TITLE;
            case "notes" -> Notation.Selector.NOTES;
            case "field" -> Notation.Selector.FIELD;
            case "custom_field" -> Notation.Selector.CUSTOM_FIELD;
            case "file" -> Notation.Selector.FILE;
            default -> throw NotationException.syntax(
                    "bad selector; it must be one of type, title, notes, field, custom_field, file");
        };
    }

    private static String fromBase64(String text) {
        try {
            byte[] bytes = Base64s.decodeWebSafe(text.strip());
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CryptoException | CharacterCodingException e) {
            throw NotationException.syntax("the notation is neither keeper://… text nor web-safe base64 of it");
        }
    }

    /** A parsed part: unescaped text, raw text, and the position where parsing stopped. */
    private record Token(String text, String raw, int end) {
    }
}
