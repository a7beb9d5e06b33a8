package io.castellan.model.fuzz;

import io.castellan.testkit.fuzz.FuzzBudget;
import io.castellan.testkit.fuzz.Mutations;
import io.castellan.testkit.fuzz.Outcome;
import io.castellan.testkit.fuzz.Printable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fast, seeded generator of JSON-ish documents for bulk fuzzing: trees over a pool of known property names (so
 * mapped types are reached, not only the tokenizer), every kind of scalar (huge and odd numbers, escapes, lone
 * surrogates, long strings), deep nesting, and a sloppy writer that sometimes breaks the grammar (comments, single
 * quotes, trailing commas, NaN, leading zeros, duplicate keys, unescaped controls, trailing content).
 *
 * <p>Values it places in string positions marked secret carry {@link #CANARY}, so a property can assert that no
 * failure message quotes them. The canary is longer than 16 characters and contains {@code !}, which no safe-name
 * rule of the product prints.
 */
final class JsonGen {

    /** Marks secret values; never used in property names. */
    static final String CANARY = "s3cr3t!canary-value";

    /** A JSON value: an object (entries, possibly with duplicate keys), an array, a string, or a raw token. */
    sealed interface Node permits Obj, Arr, Str, Raw {
    }

    record Obj(List<Entry> entries) implements Node {
    }

    record Entry(String key, Node value) {
    }

    record Arr(List<Node> items) implements Node {
    }

    record Str(String value) implements Node {
    }

    record Raw(String token) implements Node {
    }

    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "12", "0.5", "1.0", "1e3", "1E+2", "-1e-7",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "1e308", "1e309", "-1e400", "4.9e-324", "1e-400", "123456789012345678901234567890", "2147483648",
        "0.1000000000000000055511151231257827", "100.00", "3.0e0"};
    private static final String[] BAD_NUMBERS = {"01", "+1", ".5", "1.", "0x1F", "NaN", "Infinity", "-Infinity",
        "1e", "--1", "1.2.3", "1_000"};
    private static final String[] ESCAPES = {"\\n", "\\\"", "\\\\", "\\/", "\\u0000", "\\u00e9", "\\ud83d\\ude00",
        "\\ud800", "\\udfff", "\\u12", "\\x41", "\\", "\\uZZZZ"};

    final SplittableRandom random;
    final String[] keys;

    JsonGen(SplittableRandom random, String[] keys) {
        this.random = random;
        this.keys = keys;
    }

    boolean chance(int oneIn) {
        return random.nextInt(oneIn) == 0;
    }

    <T> T pick(T[] from) {
        return from[random.nextInt(from.length)];
    }

    <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    String key() {
        return chance(8) ? word(1 + random.nextInt(12)) : pick(keys);
    }

    String word(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    /** A random value of at most {@code depth} levels. */
    Node value(int depth) {
        int kind = random.nextInt(depth <= 0 ? 4 : 7);
        return switch (kind) {
            case 0 -> string();
            case 1 -> number();
            case 2 -> new Raw(pick(new String[] {"true", "false", "null"}));
            case 3 -> chance(2) ? string() : number();
            case 4, 5 -> object(depth - 1, random.nextInt(6));
            default -> array(depth - 1, random.nextInt(6));
        };
    }

    Obj object(int depth, int size) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            entries.add(new Entry(key(), value(depth)));
        }
        return new Obj(entries);
    }

    Arr array(int depth, int size) {
        List<Node> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            items.add(value(depth));
        }
        return new Arr(items);
    }

    Raw number() {
        if (chance(4)) {
            return new Raw(Long.toString(random.nextLong()));
        }
        if (chance(10)) {
            return new Raw("9".repeat(1 + random.nextInt(random.nextInt(4) == 0 ? 400 : 40)));
        }
        return new Raw(pick(NUMBERS));
    }

    /** A string value: plain, escaped, unicode, the canary, or long. */
    Str string() {
        return switch (random.nextInt(8)) {
            case 0 -> new Str("");
            case 1 -> new Str(CANARY + random.nextInt(1000));
            case 2 -> new Str(word(1 + random.nextInt(30)));
            case 3 -> {
                StringBuilder s = new StringBuilder();
                int length = random.nextInt(12);
                for (int i = 0; i < length; i++) {
                    s.appendCodePoint(random.nextInt(3) == 0 ? 0x10000 + random.nextInt(0x1000) : random.nextInt(0x800));
                }
                yield new Str(s.toString());
            }
            case 4 -> new Str("x".repeat(random.nextInt(random.nextInt(20) == 0 ? 70_000 : 600)));
            default -> new Str(word(random.nextInt(8)) + CANARY.substring(0, random.nextInt(CANARY.length())));
        };
    }

    /** {@code depth} nested arrays or objects around {@code inner}. */
    Node nest(int depth, Node inner) {
        Node node = inner;
        boolean arrays = chance(2);
        for (int i = 0; i < depth; i++) {
            node = arrays || chance(3) ? new Arr(List.of(node)) : new Obj(List.of(new Entry(key(), node)));
        }
        return node;
    }

    /** Correct JSON text of {@code node}. */
    static String write(Node node) {
        StringBuilder out = new StringBuilder();
        new Writer(out, null).write(node);
        return out.toString();
    }

    /** JSON text of {@code node} that is sometimes outside the grammar. */
    String writeSloppy(Node node) {
        StringBuilder out = new StringBuilder();
        if (chance(40)) {
            out.append('\uFEFF');
        }
        new Writer(out, this).write(node);
        if (chance(30)) {
            out.append(pick(new String[] {" x", "}", "]", ",", " {}", "\u0000", " /* */", "\n\n", " 1"}));
        }
        return out.toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private record Writer(StringBuilder out, JsonGen sloppy) {

        boolean odd(int oneIn) {
            return sloppy != null && sloppy.chance(oneIn);
        }

        void write(Node node) {
            if (odd(200)) {
                out.append(sloppy.chance(2) ? "/* c */" : "// c\n");
            }
            switch (node) {
                case Obj o -> {
                    out.append('{');
                    for (int i = 0; i < o.entries().size(); i++) {
                        if (i > 0) {
                            out.append(odd(300) ? "" : ",");
                        }
                        Entry e = o.entries().get(i);
                        if (odd(300)) {
                            out.append(e.key());
                        } else if (odd(300)) {
                            out.append('\'').append(e.key()).append('\'');
                        } else {
                            quote(e.key());
                        }
                        out.append(odd(300) ? "" : ":");
                        write(e.value());
                        if (odd(100) && sloppy != null) {
                            out.append(',');
                            quote(e.key()); // duplicate key
                            out.append(':');
                            write(e.value());
                        }
                    }
                    out.append(odd(200) ? ",}" : "}");
                }
                case Arr a -> {
                    out.append('[');
                    for (int i = 0; i < a.items().size(); i++) {
                        if (i > 0) {
                            out.append(odd(300) ? ",," : ",");
                        }
                        write(a.items().get(i));
                    }
                    out.append(odd(200) ? ",]" : "]");
                }
                case Str s -> {
                    if (odd(200)) {
                        out.append('\'').append(s.value()).append('\'');
                    } else {
                        quote(s.value());
                    }
                }
                case Raw r -> out.append(odd(50) ? sloppy.pick(BAD_NUMBERS) : r.token());
            }
            if (odd(100)) {
                out.append(sloppy.pick(new String[] {" ", "\n", "\t", "\r\n"}));
            }
        }

        void quote(String text) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (odd(2000)) {
                    out.append(sloppy.pick(ESCAPES));
                }
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    if (odd(3)) {
                        out.append(c); // unescaped control character
                    } else {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                } else {
                    out.append(c);
                }
            }
            if (odd(400)) {
                out.append(sloppy.pick(ESCAPES));
            }
            out.append('"');
        }
    }
}
