package io.castellan.gateway.runner;

/** Untrusted text (job ids, command names from the wire) made safe to log and echo: short, printable ASCII. */
final class Printable {

    private static final int MAX = 64;

    private Printable() {
    }

    static String of(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length() && b.length() < MAX; i++) {
            char c = value.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return value.length() > MAX ? b + "..." : b.toString();
    }
}
