package io.castellan.cli.e2e;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 5424 message as a receiver parses it: header fields, the one SD-ELEMENT's parameters (unescaping
 * {@code \"}, {@code \\} and {@code \]}), and the MSG. Anything not in that shape fails the parse.
 */
record Rfc5424Message(int pri, String timestamp, String hostname, String appName, String procId, String msgId,
        String sdId, Map<String, String> params, String msg) {

    private static final Pattern HEADER = Pattern.compile(
            "<(\\d{1,3})>1 (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) \\[([^ \\]=\"]+)");

    static Rfc5424Message parse(String text) {
        Matcher m = HEADER.matcher(text);
        if (!m.lookingAt()) {
            throw new IllegalArgumentException("not an RFC 5424 message with structured data: " + text);
        }
        Map<String, String> params = new LinkedHashMap<>();
        int i = m.end();
        while (text.charAt(i) == ' ') {
            int eq = text.indexOf('=', i);
            String name = text.substring(i + 1, eq);
            if (text.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("PARAM-VALUE not quoted: " + name);
            }
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; text.charAt(j) != '"'; j++) {
                char c = text.charAt(j);
                if (c == '\\' && "\"\\]".indexOf(text.charAt(j + 1)) >= 0) {
                    value.append(text.charAt(++j));
                } else if (c == ']') {
                    throw new IllegalArgumentException("unescaped ] in " + name);
                } else {
                    value.append(c);
                }
            }
            params.put(name, value.toString());
            i = j + 1;
        }
        if (text.charAt(i) != ']' || text.charAt(i + 1) != ' ') {
            throw new IllegalArgumentException("SD-ELEMENT not closed at " + i);
        }
        return new Rfc5424Message(Integer.parseInt(m.group(1)), m.group(2), m.group(3), m.group(4), m.group(5),
                m.group(6), m.group(7), params, text.substring(i + 2));
    }
}
