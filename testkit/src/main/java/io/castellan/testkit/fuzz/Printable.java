package io.castellan.testkit.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Short, unambiguous renderings of fuzz inputs for failure reports (bytes as hex, strings escaped, both cut). */
public final class Printable {

    private static final int MAX = 400;

    private Printable() {
    }

    public static String of(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes(bytes);
        }
        if (value instanceof String s) {
            return string(s);
        }
        String text = String.valueOf(value);
        return text.length() > MAX ? text.substring(0, MAX) + "…(" + text.length() + " chars)" : text;
    }

    public static String bytes(byte[] bytes) {
        int shown = Math.min(bytes.length, MAX / 2);
        return bytes.length + " bytes: " + HexFormat.of().formatHex(bytes, 0, shown) + (shown < bytes.length ? "…" : "")
                + " | " + string(new String(bytes, 0, shown, StandardCharsets.ISO_8859_1));
    }

    /** Where two byte strings first differ, with some context of each (for round-trip failures). */
    public static String difference(byte[] a, byte[] b) {
        int at = 0;
        while (at < a.length && at < b.length && a[at] == b[at]) {
            at++;
        }
        int from = Math.max(0, at - 60);
        return "first difference at byte " + at + ": " + bytes(java.util.Arrays.copyOfRange(a, from, Math.min(a.length,
                at + 60))) + " vs " + bytes(java.util.Arrays.copyOfRange(b, from, Math.min(b.length, at + 60)));
    }

    public static String string(String s) {
        StringBuilder out = new StringBuilder().append('"');
        int shown = Math.min(s.length(), MAX);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append('"');
        if (shown < s.length()) {
            out.append("…(").append(s.length()).append(" chars)");
        }
        return out.toString();
    }
}
