package io.castellan.testkit.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Mutations of valid inputs, as arbitraries that shrink: a seed and up to {@code maxOps} edits (bit flip, byte set
 * to a random or an interesting value, insertion, deletion, truncation, duplication, random tail), or the same edits
 * drawn from a plain random source for bulk generation. A copy of this
 * class lives in every fuzzed module's {@code fuzz} test package; keep them identical.
 */
public final class Mutations {

    /** Bytes that mean something to the parsers fuzzed here (structure, quotes, escapes, signs, DER tags). */
    private static final byte[] INTERESTING = {0x00, 0x01, 0x02, 0x30, 0x7f, (byte) 0x80, (byte) 0x81, (byte) 0xff,
        '"', '\\', '{', '}', '[', ']', ':', ',', '-', '_', '+', '/', '=', '\r', '\n', ' ', '0', '9', 'e', 'E', '.',
        (byte) 0xc3, (byte) 0xed, (byte) 0xf0};

    /** One edit; positions and lengths are taken modulo the input's size when applied. */
    public record Op(int kind, int position, int value, int length) {
    }

    private Mutations() {
    }

    public static Arbitrary<Op> ops() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 1 << 20),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 64)).as(Op::new);
    }

    /** {@code seeds}, each edited 1 to {@code maxOps} times. */
    public static Arbitrary<byte[]> of(Arbitrary<byte[]> seeds, int maxOps) {
        return Combinators.combine(seeds, ops().list().ofMinSize(1).ofMaxSize(maxOps)).as(Mutations::apply);
    }

    /** {@code seed} edited 1 to {@code maxOps} times with edits drawn from {@code random} (bulk generation). */
    public static byte[] random(SplittableRandom random, byte[] seed, int maxOps) {
        byte[] data = seed;
        int count = 1 + random.nextInt(maxOps);
        for (int i = 0; i < count; i++) {
            data = apply(data, new Op(random.nextInt(10), random.nextInt(1 << 20), random.nextInt(256),
                    1 + random.nextInt(64)));
        }
        return data;
    }

    public static byte[] apply(byte[] seed, List<Op> ops) {
        byte[] data = seed.clone();
        for (Op op : ops) {
            data = apply(data, op);
        }
        return data;
    }

    static byte[] apply(byte[] in, Op op) {
        int n = in.length;
        int at = n == 0 ? 0 : op.position() % n;
        int len = Math.min(op.length(), Math.max(0, n - at));
        switch (op.kind()) {
            case 0: // flip one bit
                if (n == 0) {
                    return in;
                }
                byte[] flipped = in.clone();
                flipped[at] ^= (byte) (1 << (op.value() & 7));
                return flipped;
            case 1: // set a byte
                if (n == 0) {
                    return in;
                }
                byte[] set = in.clone();
                set[at] = (byte) op.value();
                return set;
            case 2: // set a byte to an interesting value
                if (n == 0) {
                    return new byte[] {INTERESTING[op.value() % INTERESTING.length]};
                }
                byte[] special = in.clone();
                special[at] = INTERESTING[op.value() % INTERESTING.length];
                return special;
            case 3: // insert an interesting byte
                return insert(in, n == 0 ? 0 : op.position() % (n + 1),
                        new byte[] {INTERESTING[op.value() % INTERESTING.length]});
            case 4: // delete a range
                return n == 0 ? in : concat(Arrays.copyOf(in, at), Arrays.copyOfRange(in, at + len, n));
            case 5: // truncate
                return Arrays.copyOf(in, at);
            case 6: // duplicate a range in place
                return n == 0 ? in : insert(in, at + len, Arrays.copyOfRange(in, at, at + len));
            case 7: // random tail
                byte[] tail = new byte[op.length()];
                for (int i = 0; i < tail.length; i++) {
                    tail[i] = (byte) (op.value() * 31 + i * 17);
                }
                return concat(in, tail);
            case 8: // swap two bytes
                if (n < 2) {
                    return in;
                }
                byte[] swapped = in.clone();
                int other = (at + op.length()) % n;
                byte t = swapped[at];
                swapped[at] = swapped[other];
                swapped[other] = t;
                return swapped;
            default: // insert a random byte
                return insert(in, n == 0 ? 0 : op.position() % (n + 1), new byte[] {(byte) op.value()});
        }
    }

    private static byte[] insert(byte[] in, int at, byte[] what) {
        byte[] out = new byte[in.length + what.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(in, at, out, at + what.length, in.length - at);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
